"""deferred-lock: `mu.Lock(); defer mu.Lock()` where `defer mu.Unlock()` was meant.

A deferred Lock right after taking the same lock deadlocks at function exit (or on the next
caller), and an RLock released with a deferred Unlock (or the reverse) panics with
"sync: unlock of unlocked mutex". The fix renames the deferred method. It is safe when the
statement just before the defer takes the same lock with the same method (`Lock` then
`defer Lock`, `RLock` then `defer RLock`) and nothing else in the function may release it:
the deferred Lock only works when something does, and the fixed code would then unlock twice
(a fatal error). So: no lock method later on the same text, no Unlock/RUnlock (called or as a
method value, also in closures and before the defer) on a path that may reach the same
mutex (the same path, an embedded lock's `s.Mutex`, a pointer, interface or other variable
that is not a separate local value), no call handed the lock or its owner (`s.release()`,
`release(&mu)`) that is a function of the package that unlocks something or one we cannot
see that gets the mutex itself, and unless the lock is a local value of its own, no call of
a function value, a function field or an interface method (`cb()`, `s.onDone()`), whose code
may unlock it; the receiver is a path of names, fields and indexes (a call
in it may name another mutex each time), and a deferred literal's receiver keeps its
variables after the defer (it is evaluated at exit). And the lock is a lock by type:
go/types says the deferred method is sync.Mutex's, sync.RWMutex's (embedded or not) or
sync.Locker's; another type's Lock (an idempotent seal) gets an unsafe fix, and so does one
whose type is not written as a sync lock when types are not available. With types, a call
of one concrete function or method of another package that is not handed the lock is no
doubt, and `(*sync.Cond).Wait` returns with its lock held again. A mismatched pair
(`RLock` then `defer Unlock`, `Lock` then `defer RUnlock`) gets an unsafe fix, since the author
may have meant either side; it is no finding when the function later upgrades or downgrades
the lock (`RUnlock(); Lock()`), which makes the deferred unlock right. `defer func() {
mu.Unlock() }()` is judged like `defer mu.Unlock()`. `mu.Unlock(); defer mu.Lock()` (release
now, re-take at exit) is deliberate and not a finding.
"""

from __future__ import annotations

import re
from functools import partial

from codemod.analysis.gotypes import Call, Expr
from codemod.analysis.locks import sync_lock
from codemod.analysis.syntax import within
from codemod.analysis.types import untyped
from codemod.context import FileContext, Rule
from codemod.model import Applicability, Finding
from codemod.parsing import enclosing_function
from codemod.analysis.scopes import Access

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
deferred call can only have meant the matching unlock, and the lock is one by type
(go/types: a sync.Mutex or sync.RWMutex, embedded or not, or a sync.Locker). A call in
between of one concrete function or method of another package that is not handed the lock
cannot release it, and (*sync.Cond).Wait takes its lock back before it returns.
Unsafe: a mismatched pair (RLock with a deferred Unlock, Lock with a deferred RUnlock) right
after each other; the fix matches the unlock to the lock, but the author may have meant to
change the lock instead. Or Lock is a method of another type (an idempotent seal, whose
Unlock would undo the seal), or, without types, the type is not written as a sync lock.
Report-only: a deferred Lock that does not follow the same Lock directly, or whose function
may release the lock before it returns (a lock method on the same value later, an Unlock on
an embedded lock's field, an alias, a sync.Locker, a method value or a closure, or a helper
of the package that unlocks, or a call of a function value, a function field or an interface
method, whose code may unlock; without types also any method called on a value, which may be
one of those): then it is released and taken back on purpose, and an Unlock
at exit would unlock twice; `mu1.Lock(); defer mu2.Lock()` on two different locks (a fix
would have to guess which one was meant, so none names either); a receiver with a call in it (`next().mu`), or a deferred
literal whose receiver's variables change after the defer; a mismatched pair with
statements in between.
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
        doubt = partial(_doubt, ctx, defer_stmt, receiver_node)  # computed only when needed
        not_a_lock = partial(_not_a_sync_lock, ctx, defer_stmt, receiver_node, method_node)
        finding = _judge(ctx, defer_stmt, method_node, receiver, method, taken, adjacent, later,
                         doubt, not_a_lock)
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
           taken: str | None, adjacent: bool, later: list[str], doubt,
           not_a_lock) -> Finding | None:
    if method in _UNLOCK_FOR:  # defer x.Lock() / defer x.RLock()
        return _deferred_lock(ctx, defer_stmt, method_node, receiver, method, taken, adjacent,
                              later, doubt, not_a_lock)
    return _mismatched_unlock(ctx, defer_stmt, method_node, receiver, method, taken, adjacent,
                              later)


def _deferred_lock(ctx: FileContext, defer_stmt, method_node, receiver: str, method: str,
                   taken: str | None, adjacent: bool, later: list[str], doubt, not_a_lock
                   ) -> Finding | None:
    if taken in ("Unlock", "RUnlock"):
        return None  # release now, take it again at exit: deliberate
    other = _other_lock_just_before(ctx, defer_stmt, receiver) if taken is None else None
    if other is not None:
        return ctx.finding(RULE.id, defer_stmt,
                           f"defer {receiver}.{method}() right after {other}: {receiver} is locked "
                           f"at function exit and {other.rsplit('.', 1)[0]} is not released "
                           f"there; which unlock was meant is not certain",
                           ctx.fix(Applicability.NONE, "report only",
                                   reason=f"{other} and the deferred {receiver}.{method}() name "
                                          f"different locks; a fix would have to guess which "
                                          f"was meant, so none names either"))
    unlock = _UNLOCK_FOR[taken] if taken in _UNLOCK_FOR else _UNLOCK_FOR[method]
    meant_unlock = taken == method and adjacent and not later
    reason = doubt() if meant_unlock else ""
    if meant_unlock and not reason:
        message = (f"defer {receiver}.{method}() right after {receiver}.{method}(): the lock is "
                   f"taken again at exit; {unlock} was meant")
        edits = [ctx.replace(method_node, unlock)]
        other = not_a_lock()
        if other:
            return ctx.finding(RULE.id, defer_stmt, message,
                               ctx.fix(Applicability.UNSAFE, f"defer {receiver}.{unlock}()",
                                       edits, reason=other))
        fix = ctx.fix(Applicability.SAFE, f"defer {receiver}.{unlock}()", edits,
                      reason=f"{receiver}.{method}() is taken just before, so only "
                             f"{unlock} makes sense at exit")
        return ctx.finding(RULE.id, defer_stmt, message, fix)
    reason = reason or _why_report_only(receiver, method, taken, later)
    return ctx.finding(RULE.id, defer_stmt,
                       f"defer {receiver}.{method}() takes the lock at function exit; "
                       f"was defer {receiver}.{unlock}() meant?",
                       ctx.fix(Applicability.NONE, "report only", reason=reason))


def _not_a_sync_lock(ctx: FileContext, defer_stmt, receiver_node, method_node) -> str:
    """Why the deferred Lock may not be a sync lock's, whose Unlock is its only undoing: a
    method of another type named Lock (an idempotent seal, a lease) may mean something an
    Unlock at exit would undo. "" when go/types (or, without types, the written type) says
    it is a sync.Mutex, sync.RWMutex or sync.Locker method (codemod.analysis.locks)."""
    call = method_node.parent.parent if method_node.parent is not None else None
    receiver, method = ctx.text(receiver_node), ctx.text(method_node)
    found = sync_lock(ctx, call) if call is not None and call.type == "call_expression" \
        else None
    if found is not None and found.sync:
        return ""
    if found is not None and found.typed:
        return (f"{receiver}.{method} is {found.callee or 'not a method'}, not a method of "
                f"sync.Mutex, sync.RWMutex or sync.Locker: taking it again may be deliberate "
                f"(an idempotent seal), and an {_UNLOCK_FOR.get(method, 'Unlock')} at exit may "
                f"undo what the author meant")
    return (f"the type of {receiver} is not written as a sync.Mutex, sync.RWMutex or "
            f"sync.Locker, and {method} of another type may mean something an unlock at exit "
            f"would undo ({found.untyped if found is not None else 'no call'})")


def _other_lock_just_before(ctx: FileContext, defer_stmt, receiver: str) -> str | None:
    """`x1.Lock()` (or RLock) as the statement just before `defer x2.Lock()`, on another
    receiver: its text."""
    previous = next(_earlier_statements(defer_stmt), None)
    call = _lock_call(ctx, previous) if previous is not None else None
    if call is None or call[0] == receiver or call[1] not in _UNLOCK_FOR:
        return None
    return f"{call[0]}.{call[1]}()"


def _why_report_only(receiver: str, method: str, taken: str | None, later: list[str]) -> str:
    if later:
        return (f"{receiver}.{later[0]}() is called later in the function, so taking the "
                f"lock again at exit may be deliberate")
    if taken == method:
        return (f"{receiver}.{method}() is not the statement just before the defer, so the "
                f"intent is not certain")
    if taken is not None:
        return (f"{receiver}.{taken}() is taken but {method}() is deferred; the author may "
                f"have meant either call")
    return f"no {receiver}.{method}() comes before it in the block"


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


# --- doubts about the safe fix ----------------------------------------------------------------
# `x.Lock(); defer x.Lock()` only works when something releases x before the function returns;
# then Unlock at exit would release it a second time (a fatal error). And the deferred call
# must name the lock just taken.

_RELEASE = """
((selector_expression operand: (_) @operand field: (field_identifier) @method) @selector
 (#match? @method "^R?Unlock$"))
"""

_PATH_KINDS = frozenset({"identifier", "selector_expression", "index_expression",
                         "parenthesized_expression", "field_identifier", "int_literal",
                         "interpreted_string_literal", "raw_string_literal", "rune_literal"})


def _doubt(ctx: FileContext, defer_stmt, receiver_node) -> str:
    """Why the deferred Lock may not be meant as the unlock of the lock just taken, or ""."""
    receiver = _normal(ctx.text(receiver_node))
    if not _is_path(receiver_node) or receiver_node.type == "parenthesized_expression":
        return (f"the receiver {ctx.text(receiver_node)} is not a plain variable, field or "
                f"element path: the deferred call may lock another mutex than the one taken")
    function = enclosing_function(defer_stmt)
    sc = ctx.scopes(defer_stmt)
    if function is None or sc is None:
        return "the function around the defer cannot be analysed"
    in_literal = defer_stmt.child_by_field_name("call").child_by_field_name("function")
    if in_literal is not None and in_literal.type == "function_literal":
        reason = _changes_at_exit(ctx, sc, defer_stmt, receiver_node)
        if reason:
            return reason
    lock_stmt = next(_earlier_statements(defer_stmt))
    skip = (lock_stmt, defer_stmt)
    body = function.child_by_field_name("body")
    for match in ctx.matches(_RELEASE, body):
        selector = match["selector"][0]
        if any(within(selector, s) for s in skip):
            continue
        other = _normal(ctx.text(match["operand"][0]))
        if _may_alias(ctx, sc, match["operand"][0], other, receiver_node, receiver):
            return (f"{ctx.text(selector)} (line {selector.start_point.row + 1}) may release "
                    f"the same lock before the function returns; the deferred "
                    f"{ctx.text(defer_stmt.child_by_field_name('call'))} then takes it back, "
                    f"and an unlock there would release it twice")
    return _released_by_callee(ctx, sc, body, skip, receiver_node, receiver)


def _normal(text: str) -> str:
    return "".join(text.split())


def _is_path(node) -> bool:
    """A chain of names, fields and indexes by names or literals: no calls, no receives."""
    if node.type not in _PATH_KINDS:
        return False
    return all(_is_path(child) for child in node.named_children)


def _root(node):
    while node is not None and node.type in ("selector_expression", "index_expression",
                                             "parenthesized_expression"):
        node = node.child_by_field_name("operand") if node.type != "parenthesized_expression" \
            else (node.named_children[0] if node.named_children else None)
    return node if node is not None and node.type == "identifier" else None


def _changes_at_exit(ctx: FileContext, sc, defer_stmt, receiver_node) -> str:
    """A deferred literal evaluates its receiver at exit: each variable in it must keep its
    value after the defer (`shards[i]` with i++ later names another shard), and a longer path
    must not be touched at all after it (`s.cur = &other`, `swap(s)` may re-point a field)."""
    root = _root(receiver_node)
    if receiver_node.type != "identifier" and root is not None:
        variable = sc.resolve(root)
        if variable is None:
            return (f"the deferred literal reads {ctx.text(receiver_node)} at exit, through "
                    f"the package-level {ctx.text(root)}: it may name another mutex by then")
        path, name = _normal(ctx.text(receiver_node)), ctx.text(root)
        shared = not _own_storage(ctx, sc, root)
        used = [u for u in variable.uses if u.node != variable.node
                and not within(u.node, defer_stmt) and (
                    (u.start >= defer_stmt.end_byte or u.function != variable.function)
                    and not _part_apart(_touched(ctx, u.node), path)
                    or shared and _touched(ctx, u.node) == name)]
        if used:
            return (f"the deferred literal reads {ctx.text(receiver_node)} at exit, and "
                    f"{variable.name} is used at line {used[0].line} in a way that may change "
                    f"it (after the defer, or handed on whole): it may name another mutex by "
                    f"then")
    stack = [receiver_node]
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        if node.type != "identifier":
            continue
        variable = sc.resolve(node)
        if variable is None:
            if _package_var_assigned(ctx, ctx.text(node)):
                return (f"the deferred literal reads {ctx.text(node)} at exit, and the "
                        f"package assigns it: the call may lock another mutex than the one "
                        f"taken")
            continue
        changes = [u for u in variable.possible_writes if sc.types.changes_value(u)
                   and (u.start >= defer_stmt.end_byte or u.function != variable.function
                        or u.access & Access.ADDR)]
        if changes:
            return (f"the deferred literal reads {variable.name} at exit, and it may change "
                    f"after the defer (line {changes[0].line}): the call may lock another "
                    f"mutex than the one taken")
    return ""


def _paths_overlap(a: str, b: str) -> bool:
    """One path is the other or a prefix of it (`s` and `s.Mutex`: an embedded lock)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".") \
        or a.startswith(b + "[") or b.startswith(a + "[")


def _own_storage(ctx: FileContext, sc, node) -> bool:
    """A local variable that holds its data itself (a struct, array or mutex value), so no
    other variable's path can reach it unless its address is taken: by go/types' kind of
    its type (a sync.Mutex is a struct), else by its written type."""
    root = _root(node)
    variable = sc.resolve(root) if root is not None else None
    if variable is None or variable.address_taken:
        return False
    answer = ctx.types.expr(root)
    if isinstance(answer, Expr) and answer.type is not None:
        return answer.type.kind in ("struct", "array")
    sync_names = {name for name, path in ctx.imports.items() if path == "sync"}
    return sc.types.kind(variable.type) in ("struct", "array") or variable.type is not None \
        and _normal(variable.type.text) in {f"{n}.{t}" for n in sync_names
                                            for t in ("Mutex", "RWMutex")}


def _may_alias(ctx: FileContext, sc, other_node, other: str, receiver_node,
               receiver: str) -> bool:
    if _paths_overlap(other, receiver):
        return True
    other_root, receiver_root = _root(other_node), _root(receiver_node)
    if other_root is not None and receiver_root is not None \
            and ctx.text(other_root) == ctx.text(receiver_root) \
            and sc.resolve(other_root) is sc.resolve(receiver_root):
        return not _part_apart(other, receiver)
    return not (_own_storage(ctx, sc, other_node) and _own_storage(ctx, sc, receiver_node))


def _touched(ctx: FileContext, ident) -> str:
    """The path a use of a variable reaches: `s.balance` in `s.balance += n`, `s` in
    `swap(s)`, and for a method call the value it is called on (`s` in `s.reset()`)."""
    node = ident
    while node.parent is not None and node.parent.type in ("selector_expression",
                                                          "index_expression") \
            and node.parent.child_by_field_name("operand") == node:
        node = node.parent
    if node != ident and node.parent is not None and node.parent.type == "call_expression" \
            and node.parent.child_by_field_name("function") == node:
        node = node.child_by_field_name("operand")
    return _normal(ctx.text(node))


_STEP = re.compile(r"\.[A-Za-z_]\w*|\[[^\]]*\]")


def _part_apart(a: str, b: str) -> bool:
    """Two paths from the same root name different storage: at their first different step
    both select fields with other names (`s.mu`, `s.other`) or index with other constants
    (`a[0]`, `a[1]`); `a[i]` and `a[0]` may be the same element."""
    for x, y in zip(_STEP.findall(a), _STEP.findall(b)):
        if x == y:
            continue
        if x.startswith(".") and y.startswith("."):
            return True
        return x.startswith("[") and y.startswith("[") and x[1:-1].isdigit() \
            and y[1:-1].isdigit()
    return False


def _released_by_callee(ctx: FileContext, sc, body, skip, receiver_node, receiver: str) -> str:
    """A call that is handed the lock (or what holds it: `s.release()`, `release(&s.mu)`) and
    may release it: a function of this package whose body unlocks something, or a function
    we cannot see that gets the mutex itself."""
    own = _own_storage(ctx, sc, receiver_node)
    calls = []
    stack = [body]
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        if node.type == "call_expression" and not any(within(node, s) for s in skip):
            calls.append(node)
    # go/types for every call first (one round of asking), then the verdict in order.
    typed = [ctx.types.call(node) for node in calls]
    for node, callee in zip(calls, typed):
        function = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        handed = [a for a in (args.named_children if args is not None else [])
                  if _paths_overlap(_normal(ctx.text(a)).lstrip("&"), receiver)]
        operand = function.child_by_field_name("operand") \
            if function is not None and function.type == "selector_expression" else None
        if operand is not None and _paths_overlap(_normal(ctx.text(operand)), receiver) \
                and ctx.text(function.child_by_field_name("field")) in _LOCK_METHODS:
            continue  # a lock method: judged by the caller (`later`) and _RELEASE
        on_it = operand is not None and _paths_overlap(_normal(ctx.text(operand)), receiver)
        if not handed and not on_it and own:
            continue  # only a literal of this function reaches it, and _RELEASE sees those
        if isinstance(callee, Call):
            if _leaves_locks_as_found(callee) or not handed and not on_it \
                    and _static_elsewhere(callee):
                continue
        name_node = function.child_by_field_name("field") if operand is not None else function
        if function is None or function.type in _TYPE_KINDS:
            continue  # a conversion
        if name_node is None or name_node.type not in ("identifier", "field_identifier"):
            return (f"{ctx.text(function)} (line {node.start_point.row + 1}) calls a function "
                    f"value deferfix cannot follow; it may release the lock, and the deferred "
                    f"call would then take it back")
        name = ctx.text(name_node)
        bodies = ctx.package.bodies(name, method=operand is not None)
        if not bodies and name not in _LOCK_METHODS + ("TryLock", "TryRLock") \
                and _opaque_callee(ctx, sc, name_node, operand):  # unlocks: _RELEASE judges
            unknown = "" if isinstance(callee, Call) else f" ({untyped(callee)})"
            return (f"{ctx.text(function)} (line {node.start_point.row + 1}) may call a "
                    f"function value, a function field or an interface method, whose code "
                    f"deferfix cannot see{unknown}: it may release the lock, and the deferred "
                    f"call would then take it back")
        if any(_unlocks(ctx, other.src, b, set()) for other, b in bodies):
            return (f"{ctx.text(function)} (line {node.start_point.row + 1}) may release the "
                    f"lock: it unlocks something, and the deferred call would then take it "
                    f"back, where an unlock would release it twice")
        if not bodies and any(_normal(ctx.text(a)).lstrip("&") == receiver for a in handed):
            return (f"{ctx.text(function)} (line {node.start_point.row + 1}) is handed the "
                    f"lock and may release it before the function returns")
    return ""


_TYPE_KINDS = frozenset({"slice_type", "array_type", "map_type", "chan_type", "pointer_type",
                         "interface_type", "struct_type", "function_type"})


def _leaves_locks_as_found(callee: Call) -> bool:
    """A call that runs no code of the user's (a builtin, a conversion), or `(*sync.Cond).
    Wait`, which unlocks c.L and locks it again before it returns: whatever lock c.L is, it
    is held after the call exactly when it was held before."""
    return callee.callee_kind in ("builtin", "conversion") \
        or callee.callee == "(*sync.Cond).Wait"


def _static_elsewhere(callee: Call) -> bool:
    """go/types says the callee is one concrete function or method, declared in another
    package (export data, not this package's source): it reaches the lock only through
    what it is handed. A function value, a field, an interface method or a function of this
    package (whose code may unlock) is not."""
    return callee.callee_kind in ("func", "method", "method_expr") \
        and not (callee.receiver is not None and callee.receiver.interface) \
        and callee.callee_decl is not None and callee.callee_decl.offset is None \
        and bool(callee.callee_pkg)


def _opaque_callee(ctx: FileContext, sc, name_node, operand) -> bool:
    """A callee whose code the package does not show, which may run anything: a local or
    package-level function variable (`cb()`), or a method or field called on a value
    (`s.onDone()`, `w.Write(p)`: a func field, an interface method or a method of another
    package's type). A function of an imported package (`fmt.Println`) reaches the lock only
    when it is handed it, and a builtin or conversion runs no code of the user's."""
    if operand is None:
        return sc.resolve(name_node) is not None \
            or ctx.package.declarations.get(ctx.text(name_node)) == "var"
    return not (operand.type == "identifier" and sc.resolve(operand) is None
                and ctx.text(operand) in ctx.imports)


_CALLEE = "(call_expression function: [(identifier) @name (selector_expression field: " \
    "(field_identifier) @method)])"


def _unlocks(ctx: FileContext, src: bytes, body, seen: set, depth: int = 3) -> bool:
    """The body mentions Unlock/RUnlock, itself or in a function or method of the package
    it calls (a few calls deep)."""
    text = src[body.start_byte:body.end_byte]
    if b".Unlock" in text or b".RUnlock" in text:
        return True
    if depth == 0:
        return False
    for kind, nodes in ctx.captures(_CALLEE, body).items():
        for node in nodes:
            key = (kind, src[node.start_byte:node.end_byte].decode())
            if key in seen:
                continue
            seen.add(key)
            for other, body in ctx.package.bodies(key[1], method=kind == "method"):
                if _unlocks(ctx, other.src, body, seen, depth - 1):
                    return True
    return False


_ASSIGNED = """
[(assignment left: (expression_list) @left)
 (inc_dec_statement (_) @left)]
"""


def _package_var_assigned(ctx: FileContext, name: str) -> bool:
    """Some function of the package assigns `name` (or a name spelled like it): a
    package-level variable read at exit may then differ from the one read at the defer."""
    if ctx.package.declarations.get(name) != "var":
        return False
    sources = [(ctx.src, ctx.root)] + [
        (f.src, f.tree.root_node) for f in ctx.package.siblings(containing=name.encode())]
    for src, root in sources:
        for left in ctx.captures(_ASSIGNED, root).get("left", []):
            targets = left.named_children if left.type == "expression_list" else [left]
            for target in targets:
                base = _root(target)
                if base is not None and src[base.start_byte:base.end_byte].decode() == name:
                    return True
    return False
