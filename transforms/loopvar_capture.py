"""loopvar-capture: a deferred or concurrent closure that reads a loop variable all iterations share.

Before Go 1.22 a variable declared by a loop header with `:=` is one variable for the whole
loop, and a variable declared outside the loop and assigned by its header (`for i = 0; …`,
`for k, v = range`) is shared in every Go version. A `defer`, `go`, errgroup-style `g.Go` or
parallel `t.Run` closure that reads it runs after the iteration has moved on, so it sees a later
value: deferred prints of `i` show `3 3 3`, not `2 1 0`. Every position in the loop body counts
(go vet's loopclosure only looks at the last statement). The fix passes the variable to the
literal as an argument with its written type (`defer func(i int) {…}(i)`), or inserts the copy
`i := i` before the statement when the type is not visible or the callee's signature is fixed.
It is safe when the closure never changes the variable (no write, no `&i`, no method call that
may write it) and nothing in the iteration (or, for a variable declared outside the loop,
anywhere later) changes it after the statement: then the value at the statement is the value
Go 1.22's per-iteration semantics would give the closure.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from codemod.context import FileContext, Rule, parameters_extendable
from codemod.goversion import format_version
from codemod.model import Applicability, Edit, Finding
from codemod.parsing import enclosing_loops
from codemod.scopes import Access, Scopes, Use, Variable

RULE = Rule(
    id="loopvar-capture",
    summary="a defer/go/g.Go/parallel t.Run closure reads a loop variable shared by all "
            "iterations",
    fixes=("safe", "unsafe", "none"),
    explain="""\
Finds a func literal run by `defer`, `go`, an errgroup-style `g.Go(func…)` or a `t.Run`
subtest that calls `t.Parallel()`, inside a loop, that reads a loop variable which all
iterations share: one declared by the loop header with `:=` in a file whose Go version is
below 1.22, or one declared outside the loop and assigned by the header (`for i = 0; …`,
`for k, v = range m`), in any Go version. The closure runs after the iteration, so it sees a
later value: deferred calls all see the last one. Unlike go vet's loopclosure, any position
in the loop body counts, not only the last statement.

Before (go 1.21):
    for i := 0; i < 3; i++ {
        defer func() { fmt.Println(i) }()
    }
    // prints 3 3 3

After:
    for i := 0; i < 3; i++ {
        defer func(i int) { fmt.Println(i) }(i)
    }
    // prints 2 1 0

When the variable's type is not written in the source (`for _, v := range load()`), or the
callee's signature is fixed (`g.Go`, `t.Run`), the fix inserts `v := v` before the statement.

Safe: the closure only reads the variable, and nothing changes it after the statement in the
iteration (or later, for a variable declared outside the loop).
Unsafe: the closure writes it or takes its address, or the iteration changes it after the
statement; passing a copy is probably meant, but those writes no longer reach the closure.
Report-only: a later write with the copy form (the copy would take the write away from the
loop), or a fix that cannot be written (an unnamed or variadic parameter list, a statement
that does not start its line).
Not a finding: Go 1.22+ `:=` loop variables (per-iteration), `defer f(i)` (arguments are
evaluated at the defer), a literal that already receives the variable as an argument.
""",
    needles=(b"defer", b"go func", b".Go(func", b".Parallel()"),
)

_CLOSURES = """
(defer_statement call: (call_expression function: (function_literal) @literal)) @defer
(go_statement call: (call_expression function: (function_literal) @literal)) @go
((call_expression
   function: (selector_expression operand: (_) @receiver field: (field_identifier) @method)
   arguments: (arguments (function_literal) @literal)) @call
 (#match? @method "^(Go|Run)$"))
"""

_WAITS = """
(call_expression function: (selector_expression field: (field_identifier) @m)
 (#eq? @m "Wait")) @wait
(unary_expression operator: "<-") @wait
(select_statement) @wait
"""

_PARALLEL = """
((call_expression function: (selector_expression operand: (identifier) @t
   field: (field_identifier) @m)) @call (#eq? @m "Parallel"))
"""

_RANK = {Applicability.SAFE: 0, Applicability.UNSAFE: 1, Applicability.NONE: 2}


@dataclass
class Closure:
    statement: Node      # the statement the fix's copy goes before (defer, go, or call's)
    literal: Node
    kind: str            # "defer", "go", "group", "subtest"
    label: str           # how the message names it
    call: Node           # the call_expression whose function or argument is the literal


@dataclass
class Shared:
    var: Variable
    loop: Node
    why: str
    uses: list[Use]      # the closure's uses of the variable


def find(ctx: FileContext) -> list[Finding]:
    if b"for" not in ctx.src or b"func" not in ctx.src:
        return []
    findings = []
    for closure in _closures(ctx):
        loops = enclosing_loops(closure.call)
        if not loops:
            continue
        sc = ctx.scopes(closure.call)
        shared = _shared_variables(ctx, sc, closure, loops)
        if shared:
            findings.append(_finding(ctx, sc, closure, loops, shared))
    return findings


def _closures(ctx: FileContext) -> list[Closure]:
    found = []
    for match in ctx.matches(_CLOSURES):
        literal = match["literal"][0]
        if "defer" in match or "go" in match:
            kind = "defer" if "defer" in match else "go"
            statement = match[kind][0]
            found.append(Closure(statement, literal, kind,
                                 "deferred closure" if kind == "defer" else "goroutine",
                                 literal.parent))
            continue
        closure = _method_closure(ctx, match["call"][0], match["receiver"][0],
                                  ctx.text(match["method"][0]), literal)
        if closure is not None:
            found.append(closure)
    return found


def _method_closure(ctx: FileContext, call: Node, receiver: Node, method: str,
                    literal: Node) -> Closure | None:
    """`g.Go(func…)` with the literal as its only argument, or `t.Run(name, func(t) {
    t.Parallel(); … })`."""
    args = [a for a in call.child_by_field_name("arguments").named_children
            if a.type != "comment"]
    statement = _statement_of(call)
    if statement is None:
        return None
    if method == "Go" and args == [literal]:
        return Closure(statement, literal, "group",
                       f"closure passed to {ctx.text(receiver)}.Go", call)
    if method == "Run" and len(args) == 2 and args[1] == literal and _calls_parallel(ctx, literal):
        return Closure(statement, literal, "subtest", "parallel subtest", call)
    return None


def _calls_parallel(ctx: FileContext, literal: Node) -> bool:
    params = literal.child_by_field_name("parameters")
    names = [n for p in params.named_children for n in p.children_by_field_name("name")]
    if not names:
        return False
    first = ctx.text(names[0])
    body = literal.child_by_field_name("body")
    return any(ctx.text(m["t"][0]) == first for m in ctx.matches(_PARALLEL, body))


def _statement_of(node: Node) -> Node | None:
    """The statement holding `node` that is a direct child of a block or case clause."""
    while node.parent is not None:
        if node.parent.type in ("block", "expression_case_clause", "type_case_clause",
                                "communication_clause", "default_case"):
            return node
        if node.parent.type in ("function_literal", "function_declaration",
                                "method_declaration"):
            return None
        node = node.parent
    return None


def _shared_variables(ctx: FileContext, sc: Scopes, closure: Closure,
                      loops: list[Node]) -> list[Shared]:
    shared = []
    for var, uses in sc.free_variables(closure.literal).items():
        if var.kind not in ("var", "param", "result", "receiver"):
            continue
        if not any(u.access & Access.READ and not u.access & Access.KEY for u in uses):
            continue  # written only, or only a possible struct-literal key
        sharing = _sharing_loop(ctx, sc, var, loops)
        if sharing is not None:
            shared.append(Shared(var, sharing[0], sharing[1], uses))
    return sorted(shared, key=lambda s: s.var.start)


def _sharing_loop(ctx: FileContext, sc: Scopes, var: Variable,
                  loops: list[Node]) -> tuple[Node, str] | None:
    """The enclosing loop whose iterations all share `var`, and why."""
    for loop in loops:
        if var.loop == loop:
            if ctx.loopvar_per_iteration:
                return None  # Go 1.22+: a fresh variable per iteration
            return loop, f"which all iterations share in Go {format_version(ctx.go_version)}"
        if not var.declared_within(loop) and _header_writes(var, loop):
            return loop, "assigned by the loop header and so shared by all iterations"
    return None


def _header_end(loop: Node) -> int:
    body = loop.child_by_field_name("body")
    return body.start_byte if body is not None else loop.end_byte


def _header_writes(var: Variable, loop: Node) -> list[Use]:
    return [u for u in var.writes if loop.start_byte <= u.start < _header_end(loop)]


def _later_changes(sc: Scopes, shared: Shared, closure: Closure,
                   loops: list[Node]) -> list[Use]:
    """Changes of the variable that may happen after the statement, other than the loop's own
    advance and the closure's own writes."""
    literal, loop = closure.literal, shared.loop
    inner_loops = loops[:loops.index(loop)]
    found = []
    for use in shared.var.uses:
        if not sc.changes_value(use):
            continue
        if literal.start_byte <= use.start < literal.end_byte:
            continue
        if use.access & Access.ADDR:
            found.append(use)  # a pointer to it may write it at any later time
            continue
        if loop.start_byte <= use.start < _header_end(loop):
            continue
        if use.start >= closure.statement.start_byte and not (
                closure.statement.start_byte <= use.start < closure.statement.end_byte
                and closure.kind in ("defer", "go")):
            found.append(use)
        elif use.function != shared.var.function:
            found.append(use)  # in another closure, which may run later
        elif any(inner.start_byte <= use.start < inner.end_byte for inner in inner_loops):
            found.append(use)  # an inner loop runs it again after the statement
    return found


def _names(shared: list[Shared]) -> str:
    names = [s.var.name for s in shared]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _finding(ctx: FileContext, sc: Scopes, closure: Closure, loops: list[Node],
             shared: list[Shared]) -> Finding:
    noun = "variable" if len(shared) == 1 else "variables"
    message = f"{closure.label} reads loop {noun} {_names(shared)}, {shared[0].why}: "
    message += {
        "defer": "every deferred call sees its last value",
        "go": "it may see a later iteration's value",
        "group": "it may see a later iteration's value",
        "subtest": "it runs after the loop has moved on",
    }[closure.kind]
    wait = _wait_after(ctx, closure, shared[0].loop) if closure.kind == "go" else None
    if wait is not None:
        message += f"; a later statement in the iteration may wait for it ({wait})"
    return ctx.finding(RULE.id, closure.statement, message, _fix(ctx, sc, closure, loops, shared))


def _wait_after(ctx: FileContext, closure: Closure, loop: Node) -> str | None:
    body = loop.child_by_field_name("body")
    for node in ctx.captures(_WAITS, body).get("wait", []):
        if node.start_byte >= closure.statement.end_byte:
            text = ctx.text(node).split("\n")[0]
            return text if len(text) <= 40 else text[:37] + "..."
    return None


def _fix(ctx: FileContext, sc: Scopes, closure: Closure, loops: list[Node],
         shared: list[Shared]):
    edits: list[Edit] = []
    applicability = Applicability.SAFE
    reasons: list[str] = []
    passing = _can_pass_arguments(closure)
    params, args, copies = [], [], []
    for item in shared:
        var = item.var
        if passing and var.type is not None:
            params.append(f"{var.name} {var.type.text}")
            args.append(var.name)
            form = "argument"
        else:
            copies.append(var.name)
            form = "copy"
        level, reason = _judge(sc, closure, loops, item, form)
        reasons.append(reason)
        if _RANK[level] > _RANK[applicability]:
            applicability = level
    if copies:
        copy_edit = _copy_edit(ctx, sc, closure, copies)
        if copy_edit is None:
            return ctx.fix(Applicability.NONE, "report only",
                           reason=f"the copy {copies[0]} := {copies[0]} cannot be inserted "
                                  f"before this statement")
        edits.append(copy_edit)
    if params:
        edits.extend(_argument_edits(ctx, closure, params, args))
    if applicability is Applicability.NONE:
        return ctx.fix(Applicability.NONE, "report only", reason="; ".join(reasons))
    reason = _reason(shared, reasons)
    description = []
    if params:
        description.append("pass " + ", ".join(args) + " as an argument")
    if copies:
        description.append("copy " + ", ".join(f"{n} := {n}" for n in copies) + " per iteration")
    return ctx.fix(applicability, " and ".join(description), edits, reason=reason)


def _reason(shared: list[Shared], reasons: list[str]) -> str:
    """The unsafe reasons, or one sentence for the variables that are only read."""
    names = {s.var.name for s in shared}
    unsafe = [r for r in reasons if r not in names]
    if unsafe:
        return "; ".join(unsafe)
    pronoun = "it" if len(shared) == 1 else "them"
    return (f"the closure only reads {_names(shared)} and nothing changes {pronoun} after the "
            f"statement, so it gets the value{'s' if len(shared) > 1 else ''} Go 1.22 would give it")


def _judge(sc: Scopes, closure: Closure, loops: list[Node], item: Shared,
           form: str) -> tuple[Applicability, str]:
    name = item.var.name
    own = [u for u in item.uses if sc.changes_value(u)]
    later = _later_changes(sc, item, closure, loops)
    if later and form == "copy":
        return Applicability.NONE, (f"{name} may change after the statement (line "
                                    f"{later[0].line}); a copy {name} := {name} would take "
                                    f"that change away from the loop")
    pointers = [u for u in later if u.access & Access.ADDR]
    if pointers:
        return Applicability.UNSAFE, (f"&{name} is taken (line {pointers[0].line}), so {name} "
                                      f"may change through that pointer after the statement; "
                                      f"the closure would then see the value at the statement")
    if later:
        return Applicability.UNSAFE, (f"{name} may change after the statement (line "
                                      f"{later[0].line}); the closure would now see the value "
                                      f"at the statement instead")
    if own:
        return Applicability.UNSAFE, (f"the closure changes {name} (line {own[0].line}); "
                                      f"with its own copy that change no longer reaches the "
                                      f"loop's {name}")
    return Applicability.SAFE, name


def _can_pass_arguments(closure: Closure) -> bool:
    """Parameters can be appended: a defer/go literal (g.Go and t.Run fix the signature)."""
    return closure.kind in ("defer", "go") and parameters_extendable(closure.literal)


def _argument_edits(ctx: FileContext, closure: Closure, params: list[str],
                    args: list[str]) -> list[Edit]:
    return [ctx.append_to_list(closure.literal.child_by_field_name("parameters"), params),
            ctx.append_to_list(closure.call.child_by_field_name("arguments"), args)]


def _copy_edit(ctx: FileContext, sc: Scopes, closure: Closure, names: list[str]) -> Edit | None:
    statement = closure.statement
    start = statement.start_byte
    line_start = ctx.line_start(start)
    if ctx.src[line_start:start].strip():
        return None  # the statement does not start its line
    scope = statement.parent
    for name in names:
        declared = sc.lookup(name, scope.end_byte - 1)
        if declared is not None and declared.scope == scope:
            return None  # the block declares it later: `name := name` would not compile
    indent = ctx.src[line_start:start].decode("utf-8", "surrogateescape")
    copies = "".join(f"{name} := {name}{ctx.newline}{indent}" for name in names)
    return ctx.insert(start, copies)
