"""closure-retains: a deferred closure keeps a whole slice, string or array alive to read its length.

A deferred func literal that captures a local slice, string or array and uses it only as
`len(x)` or `cap(x)` keeps the whole backing array reachable until the function returns,
often long after the last real use. The fix passes the narrow value instead,
`defer func(n int) { … n … }(len(data))`, and leaves the closure's other captures alone. It is
safe when the length cannot change between the defer statement and the function's exit: no
assignment to `x` after the defer (nor a `return` that sets it, when it is a named result), no
`&x`, no other closure that assigns it, no method call or method value on a named type that
could reassign it, no `goto` that could run an earlier assignment again, and no loop around a
goroutine (or other literal not called on the spot) holding the defer, whose next iteration
could assign `x` first. An array's length never changes. go/types says whether `len` and
`cap` are the builtins (a package may declare its own) and whether `x` is a string, slice
or array; without types, a `len` the package declares is not the builtin, and a variable
whose type is not written in the source gets an unsafe fix (it may be a map or a channel,
whose length changes through other references). Maps and channels are never findings, nor
is a closure that uses `x` itself (it needs the object).
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from codemod.context import FileContext, Rule, parameters_extendable
from codemod.model import Applicability, Finding
from codemod.parsing import ancestors, enclosing_loops
from codemod.analysis.gotypes import Expr, Ident
from codemod.analysis.scopes import Access, Scopes, Use, Variable
from codemod.analysis.types import untyped

RULE = Rule(
    id="closure-retains",
    summary="a deferred closure keeps a slice, string or array alive only to read its len/cap",
    fixes=("safe", "unsafe", "none"),
    explain="""\
Finds a deferred func literal (not in a loop) that captures a local slice, string or array
and uses it only through len(x) or cap(x). The closure holds a reference to the variable, so
the whole backing array stays reachable until the function returns, even when the function
is long done with it.

Before:
    data := load()          // 64 MB
    result := 0
    defer func() {
        fmt.Printf("processed %d bytes\\n", len(data))
        result++
    }()

After:
    defer func(n int) {
        fmt.Printf("processed %d bytes\\n", n)
        result++
    }(len(data))

Other captures (result) stay as they are; the parameter name avoids every name the literal
already uses.

Safe: nothing can change the length between the defer and the function's exit: no assignment
to the variable after the defer, no &x, no other closure that assigns it, no method call or
method value that could reassign it, no goto that could run an earlier assignment again, no
loop around a goroutine holding the defer (an array's length is fixed anyway).
Unsafe: types were not available and the variable's type is not written in the source; if
it is a map or a channel, its length changes through other references, and the closure
would now see the old one.
Report-only: the length can change after the defer, so the closure needs the variable.
Not a finding: maps and channels, a len or cap that is not the builtin (a function or type
the package declares), a closure that uses the variable itself (x[i], x passed on), defers
in loops (see defer-in-loop and loopvar-capture).
""",
)

_DEFERRED_LITERAL = """
(defer_statement call: (call_expression function: (function_literal) @literal)) @defer
"""

_RETAINED_KINDS = ("slice", "string", "array")


def find(ctx: FileContext) -> list[Finding]:
    if b"len(" not in ctx.src and b"cap(" not in ctx.src:
        return []
    findings = []
    for match in ctx.matches(_DEFERRED_LITERAL):
        defer_stmt, literal = match["defer"][0], match["literal"][0]
        if enclosing_loops(defer_stmt):
            continue
        text = ctx.src[literal.start_byte:literal.end_byte]
        if b"len(" not in text and b"cap(" not in text:
            continue  # nothing to narrow: spare the scope analysis
        sc = ctx.scopes(defer_stmt)
        for var, uses in sc.free_variables(literal).items():
            narrow = _narrow_calls(ctx, sc, var, uses)
            if narrow is not None:
                findings.append(_finding(ctx, sc, defer_stmt, literal, var, *narrow))
    return findings


@dataclass(frozen=True)
class Kind:
    """What x is: its kind (string, slice, array, … or "" when neither go/types nor the
    written type tells), and why types did not settle it ("" when they did)."""
    name: str
    untyped: str = ""


def _narrow_calls(ctx: FileContext, sc: Scopes, var: Variable,
                  uses: list[Use]) -> tuple[list[tuple[Node, str]], Kind] | None:
    """The `len(x)`/`cap(x)` calls of the builtins, when they are the closure's only uses of
    a variable that is (or, without types, may be) a slice, string or array, and its kind."""
    if var.kind not in ("var", "param", "result", "receiver"):
        return None
    calls = []
    for use in uses:
        call = _len_or_cap(ctx, sc, use)
        if call is None:
            return None  # the closure uses the variable itself: it needs the object
        calls.append(call)
    # go/types first, every question before any answer decides (one round of asking):
    # what len/cap denote at each call, and what x is.
    callees = [ctx.types.ident(call.child_by_field_name("function")) for call, _ in calls]
    kind = _kind(ctx, sc, var, uses[0])
    if kind.name not in _RETAINED_KINDS + ("",):
        return None  # a map, a channel, a pointer…: not what this rule is about
    for (call, name), callee in zip(calls, callees):
        if isinstance(callee, Ident):
            if callee.object != "builtin":
                return None  # the package's own len or cap
        elif ctx.package.declarations.get(name) is not None:
            return None  # without types: a len or cap the package declares is not the builtin
    return calls, kind


def _kind(ctx: FileContext, sc: Scopes, var: Variable, use: Use) -> Kind:
    answer = ctx.types.expr(use.node)
    if isinstance(answer, (Expr, Ident)) and answer.type is not None:
        return Kind(answer.type.kind)
    return Kind(sc.types.kind(var.type), untyped(answer))


def _len_or_cap(ctx: FileContext, sc: Scopes, use: Use) -> tuple[Node, str] | None:
    """(call, "len"/"cap") when `use` is the whole argument of a call of len or cap that no
    local declaration shadows (whether it is the builtin is for go/types or the package's
    declarations to say)."""
    if use.access != Access.READ or use.partial:
        return None
    args = use.node.parent
    if args is None or args.type != "arguments" or args.named_child_count != 1:
        return None
    call = args.parent
    function = call.child_by_field_name("function") if call is not None else None
    if function is None or function.type != "identifier" or sc.resolve(function) is not None:
        return None
    name = ctx.text(function)
    return (call, name) if name in ("len", "cap") else None


def _finding(ctx: FileContext, sc: Scopes, defer_stmt: Node, literal: Node, var: Variable,
             calls: list[tuple[Node, str]], kind: Kind) -> Finding:
    builtins = sorted({name for _, name in calls}, key=("len", "cap").index)
    narrow = " and ".join(f"{name}({var.name})" for name in builtins)
    subject = f"{kind.name} {var.name}" if kind.name else var.name
    message = (f"deferred closure keeps {subject} alive until the function returns only to "
               f"read {narrow}")
    return ctx.finding(RULE.id, defer_stmt, message,
                       _fix(ctx, sc, defer_stmt, literal, var, calls, builtins, kind))


def _fix(ctx: FileContext, sc: Scopes, defer_stmt: Node, literal: Node, var: Variable,
         calls: list[tuple[Node, str]], builtins: list[str], kind: Kind):
    applicability, reason = _judge(ctx, sc, defer_stmt, var, builtins, kind)
    if applicability is Applicability.NONE:
        return ctx.fix(applicability, "report only", reason=reason)
    if not parameters_extendable(literal):
        return ctx.fix(Applicability.NONE, "report only",
                       reason="the literal's parameters are unnamed or variadic, so a "
                              "parameter cannot be added")
    taken = sc.names_in(literal)
    names = {}
    for builtin in builtins:
        names[builtin] = _parameter_name(builtin, taken)
        taken.add(names[builtin])
    edits = [ctx.replace(call, names[builtin]) for call, builtin in calls]
    params = literal.child_by_field_name("parameters")
    args = literal.parent.child_by_field_name("arguments")
    edits.append(ctx.append_to_list(params, [f"{names[b]} int" for b in builtins]))
    edits.append(ctx.append_to_list(args, [f"{b}({var.name})" for b in builtins]))
    description = "pass " + ", ".join(f"{b}({var.name}) as {names[b]}" for b in builtins)
    return ctx.fix(applicability, description, edits, reason=reason)


def _judge(ctx: FileContext, sc: Scopes, defer_stmt: Node, var: Variable,
           builtins: list[str], kind: Kind) -> tuple[Applicability, str]:
    name = var.name
    if kind.name == "array":
        return Applicability.SAFE, f"the length of array {name} is fixed"
    later = [w for w in var.writes if w.start >= defer_stmt.end_byte]
    if later:
        return Applicability.NONE, (f"{name} is assigned after the defer (line "
                                    f"{later[0].line}), so the closure may need its final "
                                    f"length")
    elsewhere = [w for w in var.writes if w.function != var.function]
    if elsewhere:
        return Applicability.NONE, (f"a closure assigns {name} (line {elsewhere[0].line}) "
                                    f"and may run after the defer")
    address = [u for u in var.addresses if not u.partial]
    if address:
        return Applicability.NONE, (f"the address of {name} is taken (line "
                                    f"{address[0].line}), so it can change through the "
                                    f"pointer")
    bound = [u for u in var.addresses if u.how == "method value"]
    if bound:
        return Applicability.NONE, (f"{_selected(bound[0])} (line {bound[0].line}) may be a "
                                    f"method value that reassigns {name} through a pointer "
                                    f"receiver when it is called")
    loops = _loops_around_literal(defer_stmt, var)
    if var.loop is not None and var.loop in loops and not ctx.loopvar_per_iteration:
        return Applicability.NONE, (f"{name} is a loop variable all iterations share before "
                                    f"Go 1.22, and the deferred call runs in a func literal "
                                    f"that may outlive the iteration (line "
                                    f"{var.loop.start_point.row + 1}): it sees a later "
                                    f"iteration's {name} (see loopvar-capture)")
    loop = loops[-1] if loops else None
    rerun = [w for w in var.writes if loop is not None
             and loop.start_byte <= w.start < loop.end_byte]
    if rerun:
        return Applicability.NONE, (f"the defer is in a func literal inside a loop (line "
                                    f"{loop.start_point.row + 1}): the next iteration's "
                                    f"assignment to {name} (line {rerun[0].line}) may run "
                                    f"before the deferred call")
    calls = [u for u in var.calls if sc.types.is_named(var.type)]
    if calls:
        return Applicability.NONE, (f"{name}.{_method(calls[0])}() (line {calls[0].line}) "
                                    f"may reassign {name} through a pointer receiver")
    if var.writes and ctx.captures("(goto_statement) @goto", var.function):
        return Applicability.NONE, (f"the function uses goto, so an assignment to {name} "
                                    f"before the defer may run again after it")
    if kind.name == "":
        return Applicability.UNSAFE, (f"the type of {name} is not written in the source; if it "
                                      f"is a map or a channel, its length changes through other "
                                      f"references and the closure would now see the old one "
                                      f"({kind.untyped})")
    if "cap" in builtins and not _capacity_fixed(ctx, sc, var):
        return Applicability.UNSAFE, (f"the capacity of {name} comes from append, a conversion "
                                      f"or a caller, where the compiler chooses it; once the "
                                      f"closure no longer keeps {name} alive it may allocate "
                                      f"it elsewhere, with another capacity")
    return Applicability.SAFE, (f"{name} is not assigned after the defer, its address is not "
                                f"taken and no other closure assigns it, so its length at the "
                                f"defer is its length at exit")


def _capacity_fixed(ctx: FileContext, sc: Scopes, var: Variable) -> bool:
    """Every value the slice gets has a capacity the language fixes: a composite literal,
    make, nil, a full slice expression x[a:b:c] (not append, a conversion or a parameter)."""
    if var.how in ("param", "result", "range", "recv", "typeswitch"):
        return False
    values = [_assigned_value(var.decl, var.node)]
    values += [_assigned_value(w.node.parent.parent, w.node) if w.node.parent is not None
               else None for w in var.writes]
    return all(_fixed_capacity_form(ctx, sc, value) for value in values)


def _assigned_value(statement: Node | None, target: Node) -> Node | None | str:
    """The expression assigned to `target` by its `x := v`, `x = v` or `var x = v`; "nil"
    for `var x T` without a value; None when it cannot be told."""
    if statement is None:
        return None
    left = statement.child_by_field_name("left")
    right = statement.child_by_field_name("right") or statement.child_by_field_name("value")
    names = left.named_children if left is not None else \
        statement.children_by_field_name("name")
    if right is None:
        return "nil" if statement.type == "var_spec" else None
    values = right.named_children
    for index, name in enumerate(names):
        if name == target and len(values) == len(names):
            return values[index]
    return None


def _fixed_capacity_form(ctx: FileContext, sc: Scopes, value: Node | None | str) -> bool:
    if value == "nil":
        return True
    if value is None or isinstance(value, str):
        return False
    if value.type == "composite_literal" or (value.type == "identifier"
                                             and ctx.text(value) == "nil"):
        return True
    if value.type == "slice_expression":
        return value.child_by_field_name("max") is not None
    function = value.child_by_field_name("function") if value.type == "call_expression" \
        else None
    return function is not None and function.type == "identifier" \
        and ctx.text(function) == "make" and sc.resolve(function) is None


def _loops_around_literal(defer_stmt: Node, var: Variable) -> list[Node]:
    """The loops of var's function (innermost first) around a func literal holding the defer
    that may still be running when the loop goes on (a goroutine, a deferred or stored
    literal): the loop's next iteration can then assign the variable before the deferred call
    runs. A literal called on the spot has returned (and run its defers) before the loop goes
    on."""
    found, child, detached = [], defer_stmt, False
    for parent in ancestors(defer_stmt):
        if parent == var.function:
            break
        if parent.type == "function_literal" and not _called_on_the_spot(parent):
            detached = True
        if detached and parent.type == "for_statement" \
                and parent.child_by_field_name("body") == child:
            found.append(parent)
        child = parent
    return found


def _called_on_the_spot(literal: Node) -> bool:
    """`func() {…}()` as a plain call (not a go or defer statement's)."""
    call = literal.parent
    return call is not None and call.type == "call_expression" \
        and call.child_by_field_name("function") == literal \
        and call.parent is not None and call.parent.type not in ("go_statement",
                                                                 "defer_statement")


def _selected(use: Use) -> str:
    node = use.node
    while node.parent is not None and node.parent.type in ("selector_expression",
                                                           "index_expression"):
        node = node.parent
    return node.text.decode("utf-8", "surrogateescape") if node.text is not None else use.variable.name


def _method(use: Use) -> str:
    selector = use.node.parent
    field = selector.child_by_field_name("field") if selector is not None else None
    return field.text.decode("utf-8", "surrogateescape") if field is not None else "M"


def _parameter_name(builtin: str, taken: set[str]) -> str:
    """`n` for a length, `c` for a capacity; never a name the literal already uses."""
    base = "n" if builtin == "len" else "c"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate
