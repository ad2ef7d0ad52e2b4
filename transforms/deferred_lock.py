"""deferred-lock: `mu.Lock(); defer mu.Lock()` where `defer mu.Unlock()` was meant.

A deferred Lock right after taking the same lock deadlocks at function exit (or on the next
caller), and an RLock released with a deferred Unlock (or the reverse) panics with
"sync: unlock of unlocked mutex". The fix renames the deferred method. It is safe when the
statement just before the defer takes the same lock with the same method (`Lock` then
`defer Lock`, `RLock` then `defer RLock`) and the rest of the function calls no lock method
on it (an explicit Unlock later would make the fixed code unlock twice). A mismatched pair
(`RLock` then `defer Unlock`, `Lock` then `defer RUnlock`) gets an unsafe fix, since the author
may have meant either side; it is no finding when the function later upgrades or downgrades
the lock (`RUnlock(); Lock()`), which makes the deferred unlock right. `defer func() {
mu.Unlock() }()` is judged like `defer mu.Unlock()`. `mu.Unlock(); defer mu.Lock()` (release
now, re-take at exit) is deliberate and not a finding.
"""

from __future__ import annotations

from codemod.context import FileContext, Rule
from codemod.model import Applicability, Finding
from codemod.parsing import enclosing_function

RULE = Rule(
    id="deferred-lock",
    summary="a deferred Lock/RLock (or a mismatched unlock) where the matching unlock was meant",
    fixes=("safe", "unsafe", "none"),
    explain="""\
Finds `defer mu.Lock()` right after `mu.Lock()` (and `defer mu.RLock()` after `mu.RLock()`):
the lock is taken again when the function returns instead of being released, so the next
caller deadlocks. Also finds mismatched pairs: `mu.RLock(); defer mu.Unlock()` and
`mu.Lock(); defer mu.RUnlock()`, which panic at run time.

Before:
    mu.Lock()
    defer mu.Lock()

After:
    mu.Lock()
    defer mu.Unlock()

Safe: the statement just before the defer takes the same lock with the same method, so the
deferred call can only have meant the matching unlock.
Unsafe: a mismatched pair (RLock with a deferred Unlock, Lock with a deferred RUnlock) right
after each other; the fix matches the unlock to the lock, but the author may have meant to
change the lock instead.
Report-only: a deferred Lock that does not follow the same Lock directly, or whose function
calls a lock method on the same value later (it may be released and taken back on purpose);
a mismatched pair with statements in between.
Not a finding: `mu.Unlock(); defer mu.Lock()` (release now, take again at exit) is deliberate,
and so is `mu.RLock(); defer mu.Unlock(); …; mu.RUnlock(); mu.Lock()` (an upgrade).
""",
)

_DEFERRED_LOCK_OP = """
((defer_statement
   call: (call_expression
     function: (selector_expression operand: (_) @receiver field: (field_identifier) @method)
     arguments: (arguments) @args)) @defer
 (#match? @method "^R?(Lock|Unlock)$"))
"""

_DEFERRED_LITERAL = """
(defer_statement
  call: (call_expression
    function: (function_literal parameters: (parameters) @params body: (block) @body)
    arguments: (arguments) @args)) @defer
"""

_LOCK_CALL = """
((call_expression
   function: (selector_expression operand: (_) @receiver field: (field_identifier) @method)
   arguments: (arguments) @args) @call
 (#match? @method "^R?(Lock|Unlock)$"))
"""

_UNLOCK_FOR = {"Lock": "Unlock", "RLock": "RUnlock"}
_LOCK_METHODS = ("Lock", "RLock", "Unlock", "RUnlock")


def _lock_call(ctx: FileContext, statement) -> tuple[str, str] | None:
    """(receiver text, method) when `statement` is `x.M()` with no arguments."""
    if statement.type != "expression_statement" or not statement.named_children:
        return None
    call = statement.named_children[0]
    if call.type != "call_expression":
        return None
    function = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if function is None or function.type != "selector_expression" or args is None \
            or args.named_child_count:
        return None
    return ctx.text(function.child_by_field_name("operand")), \
        ctx.text(function.child_by_field_name("field"))


def _earlier_statements(defer_stmt):
    """The statements before the defer in its block, nearest first (comments skipped)."""
    prev = defer_stmt.prev_named_sibling
    while prev is not None:
        if prev.type != "comment":
            yield prev
        prev = prev.prev_named_sibling


def _lock_state(ctx: FileContext, defer_stmt, receiver: str) -> tuple[str | None, bool]:
    """The last lock method called on `receiver` earlier in the block, and whether that call
    is the statement just before the defer."""
    for distance, statement in enumerate(_earlier_statements(defer_stmt)):
        call = _lock_call(ctx, statement)
        if call and call[0] == receiver and call[1] in _LOCK_METHODS:
            return call[1], distance == 0
    return None, False


def find(ctx: FileContext) -> list[Finding]:
    findings = []
    for defer_stmt, receiver_node, method_node in _deferred_lock_ops(ctx):
        receiver, method = ctx.text(receiver_node), ctx.text(method_node)
        taken, adjacent = _lock_state(ctx, defer_stmt, receiver)
        later = _later_lock_ops(ctx, defer_stmt, receiver)
        finding = _judge(ctx, defer_stmt, method_node, receiver, method, taken, adjacent, later)
        if finding is not None:
            findings.append(finding)
    return findings


def _deferred_lock_ops(ctx: FileContext):
    """(defer statement, receiver, method) for `defer x.M()` and for a deferred literal whose
    whole body is `x.M()`: `defer func() { x.M() }()`."""
    for match in ctx.matches(_DEFERRED_LOCK_OP):
        if not match["args"][0].named_child_count:
            yield match["defer"][0], match["receiver"][0], match["method"][0]
    for match in ctx.matches(_DEFERRED_LITERAL):
        statements = [c for c in match["body"][0].named_children if c.type != "comment"]
        if match["args"][0].named_child_count or len(statements) != 1:
            continue
        call = statements[0].named_children[0] if statements[0].named_children else None
        if call is None or call.type != "call_expression":
            continue
        function = call.child_by_field_name("function")
        if function is None or function.type != "selector_expression" \
                or call.child_by_field_name("arguments").named_child_count:
            continue
        method = function.child_by_field_name("field")
        if ctx.text(method) in _LOCK_METHODS:
            yield match["defer"][0], function.child_by_field_name("operand"), method


def _later_lock_ops(ctx: FileContext, defer_stmt, receiver: str) -> list[str]:
    """Lock methods called on `receiver` after the defer, anywhere in the rest of the
    function (the lock is upgraded, downgraded or released and taken again on purpose)."""
    function = enclosing_function(defer_stmt)
    if function is None:
        return []
    body = function.child_by_field_name("body")
    ops = []
    for match in ctx.matches(_LOCK_CALL, body):
        call = match["call"][0]
        if call.start_byte < defer_stmt.end_byte or match["args"][0].named_child_count:
            continue
        if ctx.text(match["receiver"][0]) == receiver:
            ops.append(ctx.text(match["method"][0]))
    return ops


def _judge(ctx: FileContext, defer_stmt, method_node, receiver: str, method: str,
           taken: str | None, adjacent: bool, later: list[str]) -> Finding | None:
    if method in _UNLOCK_FOR:  # defer x.Lock() / defer x.RLock()
        return _deferred_lock(ctx, defer_stmt, method_node, receiver, method, taken, adjacent,
                              later)
    return _mismatched_unlock(ctx, defer_stmt, method_node, receiver, method, taken, adjacent,
                              later)


def _deferred_lock(ctx: FileContext, defer_stmt, method_node, receiver: str, method: str,
                   taken: str | None, adjacent: bool, later: list[str]) -> Finding | None:
    if taken in ("Unlock", "RUnlock"):
        return None  # release now, take it again at exit: deliberate
    unlock = _UNLOCK_FOR[taken] if taken in _UNLOCK_FOR else _UNLOCK_FOR[method]
    if taken == method and adjacent and not later:
        fix = ctx.fix(Applicability.SAFE, f"defer {receiver}.{unlock}()",
                      [ctx.replace(method_node, unlock)],
                      reason=f"{receiver}.{method}() is taken just before, so only "
                             f"{unlock} makes sense at exit")
        return ctx.finding(RULE.id, defer_stmt,
                           f"defer {receiver}.{method}() right after {receiver}.{method}(): "
                           f"the lock is taken again at exit; {unlock} was meant", fix)
    if later:
        reason = (f"{receiver}.{later[0]}() is called later in the function, so taking the "
                  f"lock again at exit may be deliberate")
    elif taken == method:
        reason = (f"{receiver}.{method}() is not the statement just before the defer, so the "
                  f"intent is not certain")
    elif taken is not None:
        reason = (f"{receiver}.{taken}() is taken but {method}() is deferred; the author may "
                  f"have meant either call")
    else:
        reason = f"no {receiver}.{method}() comes before it in the block"
    return ctx.finding(RULE.id, defer_stmt,
                       f"defer {receiver}.{method}() takes the lock at function exit; "
                       f"was defer {receiver}.{unlock}() meant?",
                       ctx.fix(Applicability.NONE, "report only", reason=reason))


def _mismatched_unlock(ctx: FileContext, defer_stmt, method_node, receiver: str, method: str,
                       taken: str | None, adjacent: bool, later: list[str]) -> Finding | None:
    """defer x.Unlock() / defer x.RUnlock(): only a mismatch with the lock taken is wrong."""
    wanted = _UNLOCK_FOR.get(taken or "")
    if wanted is None or wanted == method or later:
        return None  # nothing taken, the right unlock, or an upgrade/downgrade later on
    if adjacent:
        fix = ctx.fix(Applicability.UNSAFE, f"defer {receiver}.{wanted}()",
                      [ctx.replace(method_node, wanted)],
                      reason=f"{receiver}.{taken}() is released with {method}; the author may "
                             f"have meant to change the lock instead")
    else:
        fix = ctx.fix(Applicability.NONE, "report only",
                      reason=f"statements between {receiver}.{taken}() and the defer may "
                             f"change the lock (a helper that upgrades it, say)")
    if not adjacent:
        return ctx.finding(RULE.id, defer_stmt,
                           f"{receiver}.{taken}() is released with defer {receiver}.{method}(); "
                           f"unless the lock changes in between, that is a fatal error at run "
                           f"time and {wanted} was meant", fix)
    return ctx.finding(RULE.id, defer_stmt,
                       f"{receiver}.{taken}() is released with defer {receiver}.{method}(), "
                       f"which panics at run time; {wanted} was meant", fix)
