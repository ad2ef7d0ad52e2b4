"""deferred-lock: `mu.Lock(); defer mu.Lock()` where `defer mu.Unlock()` was meant.

A deferred Lock right after taking the same lock deadlocks at function exit (or on the next
caller), and an RLock released with a deferred Unlock (or the reverse) panics with
"sync: unlock of unlocked mutex". The fix renames the deferred method. It is safe when the
statement just before the defer takes the same lock with the same method (`Lock` then
`defer Lock`, `RLock` then `defer RLock`): Unlock is the only reading that is not a bug. A
mismatched pair (`RLock` then `defer Unlock`) gets an unsafe fix, since the author may have
meant either side. `mu.Unlock(); defer mu.Lock()` (release now, re-take at exit) is deliberate
and not a finding.
"""

from __future__ import annotations

from codemod.context import FileContext, Rule
from codemod.model import Applicability, Finding

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
Unsafe: a mismatched pair (RLock with a deferred Unlock, Lock with a deferred RUnlock); the
fix matches the unlock to the lock, but the author may have meant to change the lock instead.
Report-only: a deferred Lock that does not follow the same Lock directly.
Not a finding: `mu.Unlock(); defer mu.Lock()` (release now, take again at exit) is deliberate.
""",
)

_DEFERRED_LOCK_OP = """
((defer_statement
   call: (call_expression
     function: (selector_expression operand: (_) @receiver field: (field_identifier) @method)
     arguments: (arguments) @args)) @defer
 (#match? @method "^R?(Lock|Unlock)$"))
"""

_UNLOCK_FOR = {"Lock": "Unlock", "RLock": "RUnlock"}


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
        if call and call[0] == receiver and call[1] in ("Lock", "RLock", "Unlock", "RUnlock"):
            return call[1], distance == 0
    return None, False


def find(ctx: FileContext) -> list[Finding]:
    findings = []
    for match in ctx.matches(_DEFERRED_LOCK_OP):
        defer_stmt, method_node = match["defer"][0], match["method"][0]
        if match["args"][0].named_child_count:
            continue
        receiver, method = ctx.text(match["receiver"][0]), ctx.text(method_node)
        taken, adjacent = _lock_state(ctx, defer_stmt, receiver)
        finding = _judge(ctx, defer_stmt, method_node, receiver, method, taken, adjacent)
        if finding is not None:
            findings.append(finding)
    return findings


def _judge(ctx: FileContext, defer_stmt, method_node, receiver: str, method: str,
           taken: str | None, adjacent: bool) -> Finding | None:
    if method in _UNLOCK_FOR:  # defer x.Lock() / defer x.RLock()
        if taken == method and adjacent:
            unlock = _UNLOCK_FOR[method]
            fix = ctx.fix(Applicability.SAFE, f"defer {receiver}.{unlock}()",
                          [ctx.replace(method_node, unlock)],
                          reason=f"{receiver}.{method}() is taken just before, so only "
                                 f"{unlock} makes sense at exit")
            return ctx.finding(RULE.id, defer_stmt,
                               f"defer {receiver}.{method}() right after {receiver}.{method}(): "
                               f"the lock is taken again at exit; {unlock} was meant", fix)
        if taken in ("Unlock", "RUnlock"):
            return None  # release now, take it again at exit: deliberate
        return ctx.finding(RULE.id, defer_stmt,
                           f"defer {receiver}.{method}() takes the lock at function exit; "
                           f"was defer {receiver}.{_UNLOCK_FOR[method]}() meant?",
                           ctx.fix(Applicability.NONE, "report only",
                                   reason=f"{receiver}.{method}() is not the statement just "
                                          f"before the defer, so the intent is not certain"))
    # defer x.Unlock() / defer x.RUnlock(): only a mismatch with the lock just taken is wrong.
    wanted = {"Lock": "Unlock", "RLock": "RUnlock"}.get(taken or "")
    if wanted is None or wanted == method or not adjacent:
        return None
    fix = ctx.fix(Applicability.UNSAFE, f"defer {receiver}.{wanted}()",
                  [ctx.replace(method_node, wanted)],
                  reason=f"{receiver}.{taken}() is released with {method}; the author may "
                         f"have meant to change the lock instead")
    return ctx.finding(RULE.id, defer_stmt,
                       f"{receiver}.{taken}() is released with defer {receiver}.{method}(), "
                       f"which panics at run time; {wanted} was meant", fix)
