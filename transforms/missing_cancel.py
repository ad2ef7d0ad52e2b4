"""missing-cancel: `ctx, cancel := context.WithTimeout(…)` where cancel is not called on every path.

vet's lostcancel, with a fix. The context package's With* functions (WithCancel, WithTimeout,
WithDeadline and the …Cause forms) return a context that holds a timer and a place in its
parent's list of children until its cancel func is called or the parent is done: a path
that returns without calling it keeps them (with a Background parent, forever). Recognised
by type: go/types says the callee is the standard library's `context` function, not a local
function of the same name; without types the finding is report-only.

Paths come from codemod.analysis.cleanup: any use of the cancel func on a path counts, as in
vet (a call, a hand-off, a deferred closure); a cancel that leaves the function (returned,
stored, handed to a goroutine or to a function that may keep it) is its new owner's to call
and no finding, as with vet. `main.main` is left alone (returning from it ends the process).
The fix inserts `defer cancel()` (`defer cancel(nil)` for WithCancelCause) right after the
statement. A CancelFunc called twice does nothing the second time, so the fix is safe when
the context does not leave the function either; when it may (returned, stored, handed to a
goroutine that outlives the function, or to a function that may keep it), cancelling it at
return can break whoever uses it later: unsafe. Inside a loop the defer would pile up until
the function returns: there the loop body runs in a func literal with the defer inside,
under defer-in-loop's conditions (`per_iteration`, shared with missing-rollback). A discarded cancel (`ctx, _ := context.WithCancel(p)`) is
a finding too; with `:=` and no `cancel` anywhere in the function the fix names it.
"""

from __future__ import annotations

from tree_sitter import Node

from codemod.analysis.cleanup import cleanup, innermost_loop, leaves
from codemod.analysis.gotypes import Call
from codemod.analysis.syntax import function_level, line
from codemod.analysis.types import untyped
from codemod import parsing
from codemod.context import FileContext, Rule
from codemod.model import Applicability, Edit, Finding, Fix
from codemod.parsing import enclosing_function
from transforms.defer_in_loop import _loop_fix

WITH = {"WithCancel": "cancel()", "WithTimeout": "cancel()", "WithDeadline": "cancel()",
        "WithCancelCause": "cancel(nil)", "WithTimeoutCause": "cancel()",
        "WithDeadlineCause": "cancel()"}

RULE = Rule(
    id="missing-cancel",
    summary="a context's cancel func (context.WithCancel/WithTimeout/…) not called on every path",
    fixes=("safe", "unsafe", "none"),
    needles=(b"WithCancel", b"WithTimeout", b"WithDeadline"),
    explain="""\
Finds `ctx, cancel := context.WithCancel/WithTimeout/WithDeadline(…)` (and the …Cause forms)
where some path returns without calling cancel (vet's lostcancel): the context keeps its
timer and its place among its parent's children until the parent is done, which for a
Background parent is never. Any use of cancel on a path counts, as in vet. The callee is
recognised by type (go/types: the standard library's context package). Also a cancel func
thrown away (`ctx, _ := context.WithTimeout(…)`).

Before:
    ctx, cancel := context.WithTimeout(parent, time.Second)
    if err := ping(ctx); err != nil {
        return err
    }
    cancel()

After:
    ctx, cancel := context.WithTimeout(parent, time.Second)
    defer cancel()
    …

Safe: the context does not leave the function (not returned, stored, sent, or handed to a
goroutine or a function that may keep it): cancelling it when the function returns only
frees it sooner, and calling a CancelFunc again does nothing. `defer cancel(nil)` for
WithCancelCause, whose CancelCauseFunc takes the cause. A discarded cancel gets the name
`cancel` when the function has no other `cancel`.
Unsafe: the context may outlive the function (returned, stored in a field or an outer
variable, handed to a goroutine or to a function that may keep it: a function value, a
method of a value from outside, a function of another package of the module or of another
module): cancelling it at return may stop what uses it later.
In a loop body a plain `defer cancel()` would pile up until the function returns: the fix
runs the body in a func literal with the defer inside, under defer-in-loop's conditions
(its verdict is the fix's: the context must not outlive the iteration).
Report-only: in a loop body that cannot run in a func literal (defer-in-loop's reasons);
types not available (context.X may be another package's); a discarded cancel that cannot be
named soundly.
Not a finding: cancel is called or used on every path (`defer cancel()`), it leaves the
function (returned, stored, handed to a goroutine: its new owner calls it), a function of
another package (or a local one) named WithCancel, main.main, a function with a goto.
""",
)


def find(ctx: FileContext) -> list[Finding]:
    return judge_calls(ctx, _CALL, _judge)


def judge_calls(ctx: FileContext, query: str, judge) -> list[Finding]:
    """The findings `judge(ctx, call)` makes of the calls `query` captures as @call."""
    found = (ctx.settled(call.start_byte, lambda call=call: judge(ctx, call))
             for call in ctx.captures(query).get("call", []))
    return [finding for finding in found if finding is not None]


_CALL = """
(call_expression function: (selector_expression
   operand: (identifier) field: (field_identifier) @name
   (#match? @name "^With(Cancel|Timeout|Deadline)(Cause)?$"))) @call
"""


def binding(call: Node) -> tuple[Node, list[Node]] | None:
    """The statement that binds the call's results, and its names: `a, b := call`,
    `a, b = call`, `var a, b = call`. None when the call is not the one value bound."""
    parent = call.parent
    if parent is not None and parent.type == "expression_list":
        if len(parent.named_children) != 1:
            return None
        parent = parent.parent
    if parent is None:
        return None
    if parent.type in ("short_var_declaration", "assignment"):
        left = parent.child_by_field_name("left")
        names = left.named_children if left is not None and left.type == "expression_list" \
            else [left]
        statement = parent
    elif parent.type == "var_spec":
        names = [c for i, c in enumerate(parent.children)
                 if parent.field_name_for_child(i) == "name"]
        statement = parent.parent
        while statement is not None and statement.type != "var_declaration":
            statement = statement.parent
        if statement is None:
            return None
    else:
        return None
    container = statement.parent
    if container is None or container.type not in ("block", "expression_case_clause",
                                                    "type_case_clause", "default_case",
                                                    "communication_clause"):
        return None   # an if/for/switch initializer: not followed
    return statement, [n for n in names if n is not None and n.type != "comment"]


def _deferred_next(ctx: FileContext, sc, statement: Node, cancel) -> bool:
    """The statement after the binding is `defer cancel()` (or `defer cancel(nil)`) of the
    same variable: every path is released from there (in a loop too, where the calls pile
    up: defer-in-loop's finding, not this rule's)."""
    following = statement.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    call = following.named_children[0] if following is not None \
        and following.type == "defer_statement" and following.named_children else None
    callee = call.child_by_field_name("function") \
        if call is not None and call.type == "call_expression" else None
    return callee is not None and callee.type == "identifier" \
        and sc.resolve(callee) is cancel


def _names_context(ctx: FileContext, sc, call: Node) -> bool:
    """The selector's operand is the file's name for the context package (not a local
    variable of that name): the only way `x.WithCancel` can be context's. go/types then
    confirms it (`_typed`) where a finding depends on it."""
    operand = call.child_by_field_name("function").child_by_field_name("operand")
    return ctx.imports.get(ctx.text(operand)) == "context" and sc.resolve(operand) is None


def _typed(ctx: FileContext, call: Node, name: str) -> tuple[bool | None, str]:
    """True: the standard library's context.<name>; False: another function; None: types did
    not say (the reason), and the syntax says it is the context package's."""
    answer = ctx.types.call(call)
    if isinstance(answer, Call):
        return answer.callee_pkg == "context" and answer.callee == f"context.{name}", ""
    operand = call.child_by_field_name("function").child_by_field_name("operand")
    package = ctx.text(operand)
    sc = ctx.scopes(call)
    if ctx.imports.get(package) != "context" or sc is not None and sc.resolve(operand):
        return False, ""
    return None, untyped(answer) or "types were not available"


def _judge(ctx: FileContext, call: Node) -> Finding | None:
    function_node = call.child_by_field_name("function")
    name = ctx.text(function_node.child_by_field_name("field"))
    bound = binding(call)
    if bound is None:
        return None
    statement, names = bound
    if len(names) != 2 or names[1].type != "identifier":
        return None
    function = enclosing_function(statement)
    if function is None or _is_main(ctx, function):
        return None
    sc = ctx.scopes(statement)
    if sc is None or not _names_context(ctx, sc, call):
        return None
    cancel_name = ctx.text(names[1])
    release = WITH[name]
    if cancel_name == "_":
        typed, why_untyped = _typed(ctx, call, name)
        if typed is False:
            return None
        return _discarded(ctx, sc, call, statement, names, name, function, typed, why_untyped)
    cancel = sc.resolve(names[1])
    if cancel is None or cancel.function != function:
        return None   # declared outside the function: not its to call (vet)
    if _deferred_next(ctx, sc, statement, cancel):
        return None   # the usual form: cleanup would say the same, after more work
    found = cleanup(ctx, statement, cancel)
    # The escape analysis (`leaves`, which may ask go/types) last: only where a path leaves
    # cancel uncalled does whether it leaves the function decide anything.
    if found.problem or not found.unreleased or found.leaves:
        return None
    # go/types is asked only here, where the verdict depends on it: a cold check asks it
    # nothing for the many calls whose cancel is used on every path.
    typed, why_untyped = _typed(ctx, call, name)
    if typed is False:
        return None
    first = found.unreleased[0]
    message = (f"{cancel_name} from context.{name} is not called on every path "
               f"({first.describe()} is reached without it): the context stays live until "
               f"its parent is done")
    call_text = release.replace("cancel", cancel_name, 1)
    return ctx.finding(RULE.id, statement, message,
                       _fix(ctx, sc, statement, names[0], call_text, function, found.loop,
                            typed, why_untyped))


def _fix(ctx: FileContext, sc, statement: Node, ctx_name: Node, call_text: str,
         function: Node, loop: Node | None, typed: bool | None, why_untyped: str,
         extra_edits=()):
    description = f"defer {call_text} after line {line(statement)}"
    if typed is None:
        return ctx.fix(Applicability.NONE, "report only",
                       reason=f"the callee may not be the standard library's context "
                              f"function ({why_untyped})")
    edits = [*extra_edits, insert_after(ctx, statement, f"defer {call_text}")]
    kept = ""
    if ctx_name.type == "identifier" and ctx.text(ctx_name) != "_":
        variable = sc.resolve(ctx_name)
        kept = (leaves(ctx, function, variable) or handed_outside(ctx, variable)) \
            if variable is not None else f"{ctx.text(ctx_name)} cannot be followed"
    outlives = f"the context may outlive the function: {kept}; cancelling it when the " \
               f"function returns would stop what uses it later"
    if loop is not None:
        in_loop = per_iteration(ctx, edits, f"defer {call_text}",
                                Applicability.UNSAFE if kept else Applicability.SAFE,
                                outlives.replace("when the function returns",
                                                 "at the end of the iteration")
                                .replace("outlive the function", "outlive the iteration"))
        if in_loop is not None:
            if in_loop.applicability is Applicability.SAFE:
                in_loop = ctx.fix(in_loop.applicability, in_loop.description, in_loop.edits,
                                  reason=f"cancelling the context at the end of each "
                                         f"iteration only frees it sooner: {in_loop.reason}")
            return in_loop
    if kept:
        return ctx.fix(Applicability.UNSAFE, description, edits, reason=outlives)
    return ctx.fix(Applicability.SAFE, description, edits,
                   reason="the context does not leave the function, so cancelling it when "
                          "the function returns only frees it sooner, and a CancelFunc "
                          "called again does nothing")


def per_iteration(ctx: FileContext, edits: list[Edit], code: str,
                  cap: Applicability = Applicability.SAFE, cap_reason: str = "") -> Fix | None:
    """The fix for a `defer` (`code`, inserted by `edits`) in a loop body, where it would
    pile up until the function returns: defer-in-loop's, judged by that rule's conditions on
    the text with the defer in place, so that the body runs in a func literal and the
    deferred call runs every iteration. No higher than `cap` (with its reason). None when no
    loop's next iteration follows the defer (every path after it leaves the loops: a plain
    defer does not pile up)."""
    new_src = _apply(ctx.src, edits)
    other = FileContext(ctx.path, new_src, ctx.go_version, ctx.version_origin,
                        directory=ctx._directory)
    at = max(e.start for e in edits)
    inserted = edits[[e.start for e in edits].index(at)]
    shift = sum(len(e.replacement) - (e.end - e.start) for e in edits if e.start < at)
    node = other.root.descendant_for_byte_range(at + shift + len(inserted.replacement) - 1,
                                                at + shift + len(inserted.replacement) - 1)
    while node is not None and node.type != "defer_statement":
        node = node.parent
    loops = parsing.enclosing_loops(node) if node is not None else []
    flow = other.flow(loops[0]) if loops else None
    loop = next((each for each in loops if flow.may_reach_next_iteration(node, each)), None)
    if loop is None:
        return None
    fix, _ = _loop_fix(other, flow, loop)
    # go/types answered for the text as it is, not for this one: defer-in-loop's verdict
    # rests on the syntax here (never more permissive), which its why-line says its way.
    unasked = " (types were not available: not asked for this file)"
    if unasked in fix.reason:
        fix = ctx.fix(fix.applicability, fix.description, fix.edits,
                      reason=fix.reason.replace(unasked, " (judged on the rewritten text, "
                                                         "from the syntax)"))
    if fix.applicability is Applicability.NONE:
        return ctx.fix(Applicability.NONE, "report only",
                       reason=f"inside the loop at line {line(loop)} a plain {code} would "
                              f"pile up until the function returns, and the loop body cannot "
                              f"run in a func literal: {fix.reason}")
    final = _apply(new_src, list(fix.edits))
    start = _common_length(final, ctx.src, min(len(final), len(ctx.src)))
    end = _common_length(final, ctx.src, min(len(final), len(ctx.src)) - start, suffix=True)
    edit = Edit(start, len(ctx.src) - end, final[start:len(final) - end])
    applicability, reason = fix.applicability, fix.reason
    if cap is not Applicability.SAFE and applicability is Applicability.SAFE:
        applicability, reason = cap, cap_reason
    return ctx.fix(applicability, f"{code} in the loop body, which runs in a func literal "
                                  f"so that it runs every iteration", [edit],
                   reason=f"{reason} (the loop body runs in a func literal, as defer-in-loop's "
                          f"fix does)")


def _common_length(a: bytes, b: bytes, most: int, suffix: bool = False) -> int:
    """How many bytes (at most `most`) `a` and `b` share at their start (or end): a binary
    search over comparisons of memoryview slices, which C does, not a loop over the bytes
    (the files are up to hundreds of kilobytes, and every loop finding asks)."""
    left, right = memoryview(a), memoryview(b)

    def same(n: int) -> bool:
        if suffix:
            return n == 0 or left[len(a) - n:] == right[len(b) - n:]
        return left[:n] == right[:n]
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _apply(src: bytes, edits: list[Edit]) -> bytes:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        src = src[:edit.start] + edit.replacement + src[edit.end:]
    return src


def handed_outside(ctx: FileContext, variable) -> str:
    """Where the value is an argument of a function or method of another package of the
    module or of another module (go/types' callee_origin): the escape analysis follows the
    package's own functions and takes the standard library's to keep an argument only in
    their results, but a dependency's may keep it (start a goroutine on the context)."""
    for use in variable.uses:
        node = use.node
        while node.parent is not None and node.parent.type == "parenthesized_expression":
            node = node.parent
        if use.is_write or node.parent is None or node.parent.type != "arguments":
            continue
        call = node.parent.parent
        answer = ctx.types.call(call) if call is not None else None
        if isinstance(answer, Call) and answer.callee_kind in ("func", "method") \
                and answer.callee_origin not in ("package", "std"):
            return (f"{variable.name} is handed to {answer.callee} (line {line(call)}), of "
                    f"another package, which may keep it")
    return ""


def insert_after(ctx: FileContext, statement: Node, code: str):
    """An edit that puts `code` on a line of its own after `statement`, at its indentation
    (after a trailing line comment, which stays with the statement)."""
    indent = ctx.indent_at(statement.start_byte)
    end = statement.end_byte
    line_end = ctx.src.find(b"\n", end)
    line_end = len(ctx.src) if line_end < 0 else line_end
    if ctx.src[line_end - 1:line_end] == b"\r":
        line_end -= 1
    rest = ctx.src[end:line_end].strip()
    at = line_end if not rest or rest.startswith(b"//") else end
    return ctx.insert(at, f"{ctx.newline}{indent}{code}")


def _discarded(ctx: FileContext, sc, call: Node, statement: Node, names: list[Node],
               name: str, function: Node, typed: bool | None, why_untyped: str):
    message = (f"the cancel func of context.{name} is discarded: the context stays live "
               f"until its parent is done")
    loop = innermost_loop(function, statement)
    free = statement.type == "short_var_declaration" and not any(
        n.type == "identifier" and ctx.text(n) == "cancel" for n in function_level(function))
    if not free:
        fix = ctx.fix(Applicability.NONE, "report only",
                      reason="the fix would need a name for the cancel func, and `cancel` "
                             "is taken in the function (or the statement is not a `:=`)")
        return ctx.finding(RULE.id, statement, message, fix)
    release = WITH[name]
    fix = _fix(ctx, sc, statement, names[0], release, function, loop, typed, why_untyped,
               extra_edits=[ctx.replace(names[1], "cancel")])
    if fix.applicability is not Applicability.NONE:
        fix = ctx.fix(fix.applicability, f"name it cancel and {fix.description}",
                      fix.edits, reason=fix.reason)
    return ctx.finding(RULE.id, statement, message, fix)


def _is_main(ctx: FileContext, function: Node) -> bool:
    if function.type != "function_declaration":
        return False
    name = function.child_by_field_name("name")
    package = next((c for c in ctx.root.named_children if c.type == "package_clause"), None)
    package_name = package.named_children[0] if package is not None and \
        package.named_children else None
    return name is not None and ctx.text(name) == "main" and package_name is not None \
        and ctx.text(package_name) == "main" \
        and function.child_by_field_name("type_parameters") is None
