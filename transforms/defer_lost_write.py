"""defer-lost-write: a deferred closure's write that nobody reads.

`func save() error { …; defer func() { err = f.Close() }(); …; return err }`: the result is
unnamed, so `return err` copies err before the deferred closure runs, and the error from
Close is silently dropped. This finds a deferred func literal that assigns a local of the
function it is deferred in (not a named result), when nothing can read the value afterwards:
not the closure itself after the assignment, and no other func literal (a deferred closure
registered earlier runs later and may read it; a goroutine may too), and its address is
never taken; when the defer statement can run more than once (in a loop, or with a goto in
the function) with the same variable, a closure that also reads the variable reads what
another one wrote (a variable declared in the loop body is a new one each iteration). Only
writes that look meant for someone count: to an error, or to a variable
the function reads after the defer (`return n`); a flag only the closure consults is
bookkeeping. The fix names the result and drops the local's declaration, so the closure
writes the result: `func save() (err error)`. It is unsafe because it changes what the
function returns (also over an error it was already returning); it is offered only where
naming the result is simple (an `error` result, the local declared at the top of the body
under the same name nobody else uses), otherwise the finding is report-only.
"""

from __future__ import annotations

from tree_sitter import Node

from codemod.analysis.scopes import Scopes, Use, Variable
from codemod.analysis.writes import lost_writes
from codemod.context import FileContext, Rule
from codemod.model import Applicability, Edit, Finding
from codemod.parsing import enclosing_function

RULE = Rule(
    id="defer-lost-write",
    summary="a deferred closure assigns a local that nothing reads afterwards (often an "
            "error from Close that the function never returns)",
    fixes=("unsafe", "none"),
    explain="""\
Finds a deferred func literal that assigns a local variable of the function it is deferred
in, when nothing can read that variable after the closure runs: the function has already
copied its results by then, and no other closure (such as a deferred one registered earlier,
which runs later) reads it. The classic case is an error from Close that was meant to be
returned but is dropped because the function's result is unnamed.

Before:
    func save(f *os.File) error {
        var err error
        defer func() { err = f.Close() }()
        _, err = f.Write(data)
        return err
    }

After (--unsafe-fixes):
    func save(f *os.File) (err error) {
        defer func() { err = f.Close() }()
        _, err = f.Write(data)
        return err
    }

Unsafe: the function now returns what the closure assigns, which is what the closure was
written for but a change in behaviour; note that it also replaces an error the function was
already returning (consider `if cerr := f.Close(); cerr != nil && err == nil { err = cerr }`).
Report-only: the result is not a single `error` (or an error among unnamed results), the
local is a parameter or declared in an inner block, or its name is used for something else
in the function.
A loop body's own variable counts too: `f, err := os.Create(p)` in the body declares a new
err each iteration (shadowing the function's), so `defer func() { err = errors.Join(err,
f.Close()) }()` joins into a copy nothing reads. That is report-only here (a named result
cannot reach it); defer-in-loop's fix returns it from the func literal it wraps the body in.
Not a finding: the variable is a named result, the closure reads it after assigning it, an
earlier deferred closure or another func literal reads it, or its address is taken; a
closure that reads it and is deferred in a loop that the variable is declared outside of
(or with a goto about), since the closure deferred before it reads its write; nor is a flag that only the closure consults (`if
!closed { closed = true; … }`): it is bookkeeping.
""",
)

_DEFERRED_LITERAL = """
(defer_statement call: (call_expression function: (function_literal) @literal)) @defer
"""

# Every statement that can set a whole variable (`:=` inside the closure declares its own).
_ASSIGNS = "[(assignment) (inc_dec_statement) (range_clause) (receive_statement)] @write"


def find(ctx: FileContext) -> list[Finding]:
    findings = []
    for match in ctx.matches(_DEFERRED_LITERAL):
        defer_stmt, literal = match["defer"][0], match["literal"][0]
        function = enclosing_function(defer_stmt)
        if not ctx.captures(_ASSIGNS, literal):
            continue  # the closure writes no variable: spare the scope analysis
        sc = ctx.scopes(defer_stmt)
        if function is None or sc is None:
            continue
        for variable, write in lost_writes(sc, defer_stmt, literal, function):
            findings.append(_finding(ctx, sc, defer_stmt, function, variable, write))
    return findings


# --- the finding and its fix ----------------------------------------------------------------

def _finding(ctx: FileContext, sc: Scopes, defer_stmt: Node, function: Node,
             variable: Variable, write: Use) -> Finding:
    name = _function_name(ctx, function)
    message = (f"the deferred closure assigns {variable.name} (line {write.line}), but "
               f"nothing reads it after the closure runs: {name} has returned by then, so "
               f"the value is lost")
    return ctx.finding(RULE.id, defer_stmt, message,
                       _fix(ctx, sc, function, variable))


def _function_name(ctx: FileContext, function: Node) -> str:
    name = function.child_by_field_name("name")
    return ctx.text(name) if name is not None else "the func literal"


def _report_only(reason: str):
    return FileContext.fix(Applicability.NONE, "report only", reason=reason)


def _fix(ctx: FileContext, sc: Scopes, function: Node, variable: Variable):
    result = function.child_by_field_name("result")
    body = function.child_by_field_name("body")
    if result is None or body is None:
        return _report_only(f"{_function_name(ctx, function)} has no result to carry "
                            f"{variable.name}")
    shadowed = _result_named(ctx, result, variable.name)
    if shadowed is not None:
        return _report_only(f"{variable.name} (line {variable.node.start_point.row + 1}) "
                            f"shadows the named result {variable.name}: assign the result "
                            f"instead of declaring a new {variable.name}")
    named = _named_result(ctx, result, variable.name)
    if named is None:
        return _report_only("the function's results are not unnamed with exactly one error")
    if variable.kind != "var":
        return _report_only(f"{variable.name} is a {variable.kind}: a result named "
                            f"{variable.name} would clash with it")
    if variable.scope != function:
        return _report_only(_inner_block_reason(sc, variable))
    if variable.type is not None and variable.type.text != "error":
        return _report_only(f"{variable.name} is a {variable.type.text}, not an error")
    if not _name_is_free(ctx, sc, body, variable):
        return _report_only(f"the name {variable.name} also refers to something else in the "
                            f"function")
    declaration = _declaration_edit(ctx, sc, variable)
    if declaration is None:
        return _report_only(f"the declaration of {variable.name} cannot become a plain "
                            f"assignment")
    edits = [Edit(result.start_byte, result.end_byte, named.encode()), *declaration]
    return ctx.fix(Applicability.UNSAFE, f"name the result {variable.name}", edits,
                   reason=f"the function now returns what the deferred closure assigns to "
                          f"{variable.name}, also over an error it was already returning")


def _inner_block_reason(sc: Scopes, variable: Variable) -> str:
    """Why naming the result cannot help a variable of an inner block; for a loop body, what
    it shadows and what the fix is (each iteration declares its own)."""
    scope = variable.scope
    if scope.type != "block" or scope.parent is None or scope.parent.type != "for_statement":
        return (f"{variable.name} is declared in an inner block, where it would shadow a "
                f"result of that name")
    shadowed = sc.lookup(variable.name, variable.decl.start_byte)
    what = "is not the function's" if shadowed is None or shadowed is variable else \
        f"shadows the {variable.name} of line {shadowed.node.start_point.row + 1}"
    declared = variable.node.start_point.row + 1
    return (f"{variable.name} is declared in the loop body (line {declared}), a new variable "
            f"each iteration that {what}: a named result cannot reach it; "
            f"assign the outer {variable.name} instead of declaring one, or take "
            f"defer-in-loop's fix, which returns it from a func literal per iteration")


def _result_named(ctx: FileContext, result: Node, name: str) -> Node | None:
    if result.type != "parameters":
        return None
    for declaration in result.named_children:
        for ident in declaration.children_by_field_name("name"):
            if ctx.text(ident) == name:
                return ident
    return None


def _named_result(ctx: FileContext, result: Node, name: str) -> str | None:
    """The result list with the error named `name` and the others `_`, or None."""
    if result.type == "type_identifier":
        return f"({name} error)" if ctx.text(result) == "error" else None
    if result.type != "parameters":
        return None
    declarations = [d for d in result.named_children if d.type == "parameter_declaration"]
    if any(d.child_by_field_name("name") is not None for d in declarations):
        return None
    types = [ctx.text(d.child_by_field_name("type")) for d in declarations]
    if types.count("error") != 1:
        return None
    return "(" + ", ".join(f"{name} error" if t == "error" else f"_ {t}" for t in types) + ")"


def _name_is_free(ctx: FileContext, sc: Scopes, body: Node, variable: Variable) -> bool:
    """Every identifier spelled like the variable in the body is that variable or a local
    declared inside the body (which shadows the new named result as it shadowed before)."""
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == "identifier" and ctx.text(node) == variable.name:
            resolved = sc.resolve(node)
            if resolved is None or (resolved is not variable
                                    and not resolved.declared_within(body)):
                return False
        stack.extend(node.named_children)
    return True


def _declaration_edit(ctx: FileContext, sc: Scopes, variable: Variable) -> list[Edit] | None:
    decl = variable.decl
    if decl.type == "short_var_declaration":
        left = decl.child_by_field_name("left").named_children
        others_new = any(n != variable.node and sc.resolve(n) is not None
                         and sc.resolve(n).node == n for n in left)
        if others_new:
            return []  # `x, err := …` keeps declaring x and now assigns the result err
        operator = next((c for c in decl.children if c.type == ":="), None)
        return [Edit(operator.start_byte, operator.end_byte, b"=")] if operator else None
    if decl.type == "var_spec":
        names = decl.children_by_field_name("name")
        declaration = decl.parent
        if len(names) != 1 or declaration is None or declaration.type != "var_declaration" \
                or len(declaration.named_children) != 1:
            return None
        value = decl.child_by_field_name("value")
        if value is None:
            start = ctx.line_start(declaration.start_byte)
            end = ctx.src.find(b"\n", declaration.end_byte)
            if ctx.src[start:declaration.start_byte].strip() or end < 0 \
                    or ctx.src[declaration.end_byte:end].strip():
                return None
            return [Edit(start, end + 1, b"")]
        values = value.named_children if value.type == "expression_list" else [value]
        if len(values) != 1:
            return None
        return [ctx.replace(declaration, f"{variable.name} = {ctx.text(values[0])}")]
    return None
