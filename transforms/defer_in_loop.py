"""defer-in-loop: a `defer` inside a loop of the same function runs only when the function returns.

The deferred calls pile up, one per iteration: files, rows and response bodies stay open, and
`mu.Lock(); defer mu.Unlock()` deadlocks on the second iteration; in a loop with no way out
they never run. The fix runs the loop body in an immediately-invoked func literal, so each
iteration's defers run at its end; `continue` becomes `return`, and break, return, labelled
branches and goto out of the body travel as a value the literal returns (codemod.rewrite).
It is safe only when what the deferred calls release belongs to the iteration: every variable
they mention is declared in the loop body and none of it outlives the iteration (stored,
appended, sent, returned, captured by a goroutine), or they unlock a lock the body takes and
no code after the loop runs under it. A deferred call on a value from outside the loop, on a
resource that certainly outlives the iteration, one that only prints, assigns, may
recover(), or sets the function's results is report-only: moving it would change more than
its timing.

This module is the rule and its judgement (`_judge_defer`, a ladder a reviewer can check
line by line); what it asks of the code comes from codemod.analysis: escape (may a value
outlive the iteration), origin (does a body variable alias an outer value), calls (may the
deferred call recover, panic, only print), locks, types, scopes and controlflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tree_sitter import Node

from codemod import parsing
from codemod.analysis.calls import (local_func_recovers, may_panic, may_recover, only_reports,
                                    recover_call)
from codemod.analysis.controlflow import Flow, loop_has_exit
from codemod.analysis.escape import (ERR_NAME, Region, declared_with, escape_is_certain,
                                     escapes)
from codemod.analysis.gotypes import Ident
from codemod.analysis.locks import (UNLOCKS, code_after_loop, earlier_siblings, is_assigned,
                                    node_of, sync_lock)
from codemod.analysis.origin import (alias_of, assigned_values, certainly_not_nil, mentions,
                                     names_outer_thing, set_through_address,
                                     wraps_outer_writer)
from codemod.analysis.scopes import Access
from codemod.analysis.syntax import (and_list, brief, descendants, function_level, line,
                                     squeeze, statements, within)
from codemod.analysis.types import NUMERIC
from codemod.analysis.writes import lost_writes
from codemod.context import FileContext, Rule
from codemod.model import Applicability, Finding, Fix
from codemod.rewrite import wrap_body

RULE = Rule(
    id="defer-in-loop",
    summary="a defer inside a loop runs only when the function returns: calls pile up",
    fixes=("safe", "unsafe", "none"),
    explain="""\
Finds a `defer` whose nearest function boundary is outside a loop that contains it. The
deferred calls pile up until the function returns: one open file, row set or response body per
iteration, and `mu.Lock(); defer mu.Unlock()` deadlocks on the second iteration. In a loop
with no way out (`for {}` without break, return or goto) they never run. No finding when every
path after the defer leaves the loop or the function (a goto back to a label before the loop
runs it again: that is a finding), nor when the body cannot run (`for false { … }`).

Before:
    for _, name := range names {
        f, err := os.Open(name)
        if err != nil {
            return err
        }
        defer f.Close()
        if skip(f) {
            continue
        }
        use(f)
    }

After:
    for _, name := range names {
        if err := func() error {
            f, err := os.Open(name)
            if err != nil {
                return err
            }
            defer f.Close()
            if skip(f) {
                return nil
            }
            use(f)
            return nil
        }(); err != nil {
            return err
        }
    }

`continue` becomes `return`. The rewrite takes the simplest shape that fits the body: a plain
`func() { … }()` when it only continues; the `if err := …; err != nil` form above when every
return returns a non-nil error; a bool that says whether to take the one other branch that
leaves it (`if stop := func() bool { … }(); stop { break }`, with the function's results after
the bool when a return carries them, or set in place when they are named); `stop, err :=
func() (bool, error)` for errors and one other branch; an int with a constant per branch
(`const (keepGoing = iota; breakLoop; returnNow)`) only when several kinds of branch mix.
No string is a control code, and no new name is one the function already uses.

A defer inside an inner loop that always leaves it after the defer (`break`, `continue
outer`) piles up in the outer loop, whose body is wrapped.

Panics: when iteration k panics, the original runs the deferred calls of iterations 0..k
while unwinding; after the fix those of 0..k-1 already ran at the end of their iterations.
Only their order changes: a recover() deferred before the loop runs after all of them in
both, with the same panic value, and sets the same results. One deferred after the loop
(when later code panics) finds the loop's resources already released: the defect itself.

Safe: every variable the deferred calls mention is declared in the loop body and does not
outlive the iteration, or the deferred call unlocks a lock the body takes, the same lock
every iteration and not under a condition (the second iteration would deadlock), and no
code after the loop runs under it. A lock is a sync.Mutex, sync.RWMutex (embedded or not)
or sync.Locker by go/types' callee, not a method named Unlock: another type's Lock may not
block (a counter, a reentrant lock), so its pair is judged as any release; without types
only a written sync type settles it, and the verdict is otherwise never safe. An outer variable the iteration stores the resource in
does not make it outlive the iteration when nothing can read what was stored after the
iteration: each iteration sets it before reading it, and nothing after the loop (nor a
closure, nor `&v`) reads it (liveness, not "assigned to an outer variable").
Unsafe: a per-iteration resource may outlive the iteration (a field of it or a value built
from it is stored, it is passed to a method of an outer value, to a function value, or to a
call too deep to follow, or captured by a closure that may be stored); nothing in the
iteration uses it but deferred calls, or nothing after the defer (kept open on purpose,
except in a loop with no way out: there the deferred calls run only if a panic unwinds,
so holding them until the function returns cannot be the intent); it
is a path or descriptor built from values outside the loop, or a writer wrapping one
(`bufio.NewWriter(out)`: its Flush or Close writes to `out`); the deferred call also uses
values from outside the loop; a deferred closure assigns a variable of the body that
nothing reads afterwards (defer-lost-write: `f, err := os.Create(p)` shadows the outer err
and `defer func() { err = errors.Join(err, f.Close()) }()` joins into a copy), where the
rewrite names the literal's result after it (`func() (err error)`) so the error is
returned when the body only continues or returns errors, and keeps the write lost
otherwise; it may panic or exit (a panic() in the literal or in the
package's function it calls: the loop would stop early); a closure reads, or the call takes
the address of, a loop variable that all iterations share (before Go 1.22); the lock may
differ per iteration; the original, which works only when the loop takes the lock once,
holds it over code that runs after the body (the loop's condition or iterator, the code
after the loop); it is a read lock (held across all iterations on purpose: writers cannot
change what the loop reads).
Report-only: the resource certainly outlives the iteration (it is stored in an outer
variable that is read after the iteration, or in a map or field, appended or copied to an outer slice, sent on a channel, returned,
or used by a goroutine, directly or by a function of the package it is passed to or that
made it: a constructor or helper, in whichever file of the package, that keeps its
argument or its result in a field of a parameter or receiver or in a package variable);
a path built from an outer directory that the code after the loop still uses (`f, _ :=
os.CreateTemp(dir, …)` with `defer os.Remove(f.Name())`, `os.MkdirTemp(dir, …)` with
`defer os.RemoveAll(d)`, then `os.ReadDir(dir)`: the listing would miss them): closing
it each iteration would break the code that uses it later, so not even an unsafe fix is
offered; the deferred literal assigns through a variable or to one from outside the loop
body (`defer func() { f.Hidden = false }()` restores state the code after the loop may rely
on; `f = nil` on the body's own f is fine); the deferred call works only on values from
outside the loop body (a shared connection, wg.Done(), an element of the ranged slice, a
lock taken before the loop, a different lock each iteration, a lock taken once behind a flag
the body sets); it only prints (`defer fmt.Println("done", name)` releases nothing, and when
it runs is all it does); it may call recover(); it sets a result of the function; the body
calls recover() itself; it defers a nil func; or the body cannot be wrapped (a branch to a
label the analysis cannot find, a multi-value return that cannot be spread).
""",
)

_DEFER = "(defer_statement) @defer"


@dataclass(frozen=True)
class Verdict:
    applicability: Applicability
    reason: str
    owned: tuple[str, ...] = ()   # for a safe verdict: the per-iteration variables released
    lost: object = None           # a body variable whose deferred write nothing reads
    decided_by: Node | None = None   # the defer statement the verdict is about


def find(ctx: FileContext) -> list[Finding]:
    found = (ctx.settled(defer_stmt.start_byte, lambda defer_stmt=defer_stmt:
                         _judged(ctx, defer_stmt))
             for defer_stmt in ctx.captures(_DEFER).get("defer", []))
    return [finding for finding in found if finding is not None]


def _judged(ctx: FileContext, defer_stmt: Node) -> Finding | None:
    loops = parsing.enclosing_loops(defer_stmt)
    if not loops:
        return None
    function = parsing.enclosing_function(loops[0])
    if function is None or any(_never_runs(ctx, loop) for loop in loops):
        return None
    flow = ctx.flow(loops[0])
    # The innermost loop whose next iteration the defer may reach: one that always
    # leaves after the defer (`break`, `continue outer`) piles the calls up in the
    # loop around it instead.
    loop = next((loop for loop in loops
                 if flow.may_reach_next_iteration(defer_stmt, loop)), None)
    if loop is None:
        return None   # every path after the defer leaves the loops: nothing piles up
    # One fix per loop, shared by the defers in its body (a shared analysis of ctx, whose
    # reads of go/types answers count for each defer that uses it).
    fix, decided_by = ctx._cached(("defer-in-loop fix", loop.start_byte, loop.end_byte),
                                  lambda: _loop_fix(ctx, flow, loop))
    if decided_by is not None and decided_by.id != defer_stmt.id:
        # The one wrap moves every defer of the body: another one's verdict decides it.
        fix = replace(fix, reason=f"the fix wraps the whole loop body, and the defer at "
                                  f"line {line(decided_by)} decides it: {fix.reason}")
    return ctx.finding(RULE.id, defer_stmt, _message(ctx, flow, loop, defer_stmt), fix)


def _never_runs(ctx: FileContext, loop: Node) -> bool:
    """`for false { … }` (or `for ; false; { … }`): the body cannot run, so its defers
    cannot pile up. `false` must be the predeclared constant, not a local or a package name."""
    condition = loop.child_by_field_name("condition")
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    if condition is None and clause is not None:
        condition = clause.child_by_field_name("condition")
    while condition is not None and condition.type == "parenthesized_expression":
        condition = condition.named_children[0] if condition.named_children else None
    if condition is None or condition.type not in ("identifier", "false") \
            or ctx.text(condition) != "false":
        return False
    sc = ctx.scopes(loop)
    return (sc is None or sc.resolve(condition) is None) \
        and "false" not in ctx.package.declarations


def _message(ctx: FileContext, flow: Flow, loop: Node, defer_stmt: Node) -> str:
    call = _short(ctx, defer_stmt)
    if not loop_has_exit(flow, loop):
        return f"{call} never runs: the loop has no way out, and one call piles up per iteration"
    return (f"{call} runs only after the loop, when {_function_name(ctx, flow.function)} "
            f"returns: one call piles up per iteration")


def _short(ctx: FileContext, defer_stmt: Node) -> str:
    call = defer_stmt.child_by_field_name("call")
    if call is not None and call.type == "call_expression":
        function = call.child_by_field_name("function")
        if function is not None and function.type == "function_literal":
            args = call.child_by_field_name("arguments")
            return f"defer func() {{…}}{ctx.text(args) if args is not None else '()'}"
    code = re.sub(r"\s+", " ", ctx.text(defer_stmt))
    return code if len(code) <= 60 else code[:57] + "…"


def _function_name(ctx: FileContext, function: Node) -> str:
    name = function.child_by_field_name("name")
    return ctx.text(name) if name is not None else "the func literal"


# --- the fix for one loop ------------------------------------------------------------------

def _loop_fix(ctx: FileContext, flow: Flow, loop: Node) -> tuple[Fix, Node | None]:
    """The fix for the loop, and the defer statement whose verdict decided it (None when
    every defer of the body is safe)."""
    body = loop.child_by_field_name("body")
    sc = ctx.scopes(loop)
    verdict = _judge_body(ctx, sc, flow, loop, body)
    decided_by = verdict.decided_by if verdict.applicability is not Applicability.SAFE \
        else None
    return _fix_for(ctx, sc, flow, loop, body, verdict), decided_by


def _fix_for(ctx: FileContext, sc, flow: Flow, loop: Node, body: Node, verdict: Verdict) -> Fix:
    if verdict.applicability is Applicability.NONE:
        return ctx.fix(Applicability.NONE, "report only", reason=verdict.reason)
    returned = _returned_error(ctx, sc, body, verdict.lost) if verdict.lost else ""
    wrap = wrap_body(
        ctx.src, flow, loop, ctx.newline,
        nonnil_error=lambda stmt, expr: certainly_not_nil(sc, body, stmt, expr),
        types=ctx.types.package_definitions,
        denotes_result=lambda name, stmt: _denotes_result(sc, flow, name, stmt),
        returned_error=returned)
    if not wrap.edits:
        return ctx.fix(Applicability.NONE, "report only",
                       reason=f"the body cannot be wrapped: {wrap.problem}")
    reason = verdict.reason
    if wrap.returns_error:
        reason = (f"{reason.split(': wrapped as it is')[0]}: the rewrite returns it from the "
                  f"literal instead, so {_function_name(ctx, flow.function)} now returns the "
                  f"first error the closure assigns, which is what it was written for but a "
                  f"change in behaviour")
    return ctx.fix(verdict.applicability,
                   f"run the loop body in a func literal so its defers run every iteration "
                   f"({wrap.how})", wrap.edits, reason=reason)


def _denotes_result(sc, flow: Flow, name: str, stmt: Node) -> bool:
    """`name` at `stmt` is the named result of the function the loop is in, not a variable
    of the body that shadows it."""
    variable = sc.lookup(name, stmt.start_byte) if sc is not None else None
    return variable is not None and variable.kind == "result" \
        and variable.function.start_byte == flow.function.start_byte


def _judge_body(ctx: FileContext, sc, flow: Flow, loop: Node, body: Node) -> Verdict:
    """The weakest verdict over every defer the wrap would move, with its reason."""
    recovers = recover_call(ctx.src, body)
    if recovers is not None:
        return Verdict(Applicability.NONE,
                       f"the body calls recover() (line {line(recovers)}); inside a func "
                       f"literal it would no longer stop the panic")
    defers = [n for n in function_level(body) if n.type == "defer_statement"]
    verdicts = [replace(_judge_defer(ctx, sc, loop, d), decided_by=d) for d in defers]
    for rank in (Applicability.NONE, Applicability.UNSAFE):
        worst = [v for v in verdicts if v.applicability is rank]
        if worst:
            return worst[0]
    owned = list(dict.fromkeys(name for v in verdicts for name in v.owned))
    reasons = [v.reason for v in verdicts if v.reason]
    if owned:
        one = len(owned) == 1
        reasons.insert(0, f"{and_list(owned)} {'is' if one else 'are'} declared in the loop body "
                          f"and {'does' if one else 'do'} not outlive the iteration")
    return Verdict(Applicability.SAFE, "; ".join(dict.fromkeys(reasons)))


def _judge_defer(ctx: FileContext, sc, loop: Node, defer_stmt: Node) -> Verdict:
    body = loop.child_by_field_name("body")
    call = defer_stmt.child_by_field_name("call")
    code = _short(ctx, defer_stmt)
    if call is None or call.type != "call_expression" or sc is None:
        return Verdict(Applicability.NONE, f"{code} is not a plain call")
    callee = call.child_by_field_name("function")
    recovers = may_recover(ctx, callee) or local_func_recovers(ctx, sc, callee)
    if recovers:
        return Verdict(Applicability.NONE,
                       f"{code} may call recover() ({recovers}): per iteration it would "
                       f"swallow a panic and the loop would go on")
    lock, unsettled = _lock_pair(ctx, sc, loop, defer_stmt, callee, call)
    if lock is None:
        return _judge_release(ctx, sc, loop, defer_stmt, body, call, callee, code)
    if not unsettled:
        return lock
    # Without types, and no written type that says sync: the pair may be a sync lock's (and
    # deadlock on the next iteration) or another type's (a resource like any other); the
    # weaker of the two verdicts, never safe.
    doubt = f"{unsettled}, so the syntax cannot tell whether the Unlock is a sync lock's"
    if lock.applicability is Applicability.SAFE:
        lock = Verdict(Applicability.UNSAFE, f"{lock.reason}; but {doubt}")
    general = _judge_release(ctx, sc, loop, defer_stmt, body, call, callee, code)
    if _RANK[general.applicability] < _RANK[lock.applicability]:
        return replace(general, reason=f"{general.reason} ({doubt})")
    return lock


_RANK = {Applicability.NONE: 0, Applicability.UNSAFE: 1, Applicability.SAFE: 2}


def _judge_release(ctx: FileContext, sc, loop: Node, defer_stmt: Node, body: Node, call: Node,
                   callee: Node, code: str) -> Verdict:
    """The verdict on a deferred call that is not a sync lock's unlock paired with its lock:
    what it releases, and whether that lives only in the iteration."""
    mentioned, package_level = mentions(ctx, sc, call, callee)
    func_value = _func_value(ctx, sc, body, callee)
    if isinstance(func_value, Verdict):
        return func_value
    if only_reports(ctx, call, func_value):
        return Verdict(Applicability.NONE,
                       f"{code} releases nothing: it prints when the function returns, the "
                       f"calls in reverse order; run per iteration it would print elsewhere")
    panics = may_panic(ctx, call, func_value)
    if panics:
        return Verdict(Applicability.UNSAFE,
                       f"{code} may panic or exit ({panics}): at the end of an iteration it "
                       f"would stop the loop there, where the original finishes the loop first")
    for literal in func_value:
        captured, more = mentions(ctx, sc, literal, literal)
        mentioned += [v for v in captured if v not in mentioned]
        package_level += more
    header = [v for v in mentioned if v.loop == loop]
    inside = [v for v in mentioned if v.declared_within(body)
              and not v.declared_within(defer_stmt)]
    outside = [v for v in mentioned if v not in header and v not in inside]
    aliases = {v: a for v in inside if (a := alias_of(ctx, sc, body, v))}
    owned = [v for v in inside if v not in aliases]
    restored = _restores_state(ctx, sc, body, [callee] if callee.type == "function_literal"
                               else func_value)
    if restored:
        return Verdict(Applicability.NONE,
                       f"{code} sets {restored}: a deferred assignment releases nothing, it "
                       f"puts state back when the function returns, and the code after the "
                       f"loop may rely on the state the iterations left")
    if not owned:
        return _outer_only(ctx, sc, loop, code, outside + header, aliases, package_level)
    for literal in [callee] if callee.type == "function_literal" else func_value:
        verdict = _closure_captures(ctx, loop, code, literal, sc)
        if verdict is not None:
            return verdict
    shared = _shared_loop_variable_address(ctx, sc, loop, call)
    if shared:
        return Verdict(Applicability.UNSAFE,
                       f"{code} takes the address of the loop variable {shared}, which all "
                       f"iterations share before Go 1.22: it would read each iteration's value "
                       f"instead of the last one")
    for v in owned:
        # What may outlive the iteration first: when nothing does, whether v is an error
        # changes nothing, and go/types is not asked.
        escape = escapes(ctx, sc, body, defer_stmt, v)
        if not escape:
            continue
        by = _error_by(ctx, sc, v)
        if by == "type":
            continue   # an error keeps no resource (`return err` is no escape)
        if by == "name":   # an error by its name only: never safe when it would escape
            return Verdict(Applicability.UNSAFE,
                           f"{escape}, and types were not available to tell whether "
                           f"{v.name} is an error, as its name reads, or something the "
                           f"deferred call releases")
        if escape_is_certain(escape):
            return Verdict(Applicability.NONE,
                           f"{escape}: it is used after the iteration, and releasing it at "
                           f"the end of each iteration would break that use")
        return Verdict(Applicability.UNSAFE,
                       f"{escape}: it may be used after the iteration, and releasing it "
                       f"at the end of each iteration could break that use")
    for v in owned:
        address = set_through_address(body, v)
        if address:
            return Verdict(Applicability.UNSAFE,
                           f"{address}: {v.name} may be set through it, maybe to a value "
                           f"from outside the loop that {code} would release each iteration")
    forever = _runs_only_on_panic(ctx, loop)
    for v in owned:
        outer_names = names_outer_thing(ctx, sc, body, call, v)
        if outer_names and _is_error(ctx, sc, v):   # asked only where it matters
            outer_names = []
        if outer_names:
            named = and_list(list(dict.fromkeys(ctx.text(n) for n in outer_names)))
            later = _read_after_loop(sc, loop, outer_names)
            if later is not None:
                return Verdict(Applicability.NONE,
                               f"{v.name} is made from {named}, from outside the loop body, "
                               f"and {code} acts on what it names (a path, a descriptor); "
                               f"the code after the loop still uses {ctx.text(later.node)} "
                               f"(line {later.line}), which would no longer find what the "
                               f"iterations left there")
            return Verdict(Applicability.UNSAFE,
                           f"{v.name} is made from {named}, from outside the loop body, and "
                           f"{code} acts on what it names (a path, a descriptor), which may "
                           f"outlive the iteration")
        wrapped = wraps_outer_writer(ctx, sc, body, v)
        if wrapped:
            return Verdict(Applicability.UNSAFE,
                           f"{v.name} wraps {wrapped}, from outside the loop body: {code} may "
                           f"write to it (a flush, a trailer) at the end of each iteration "
                           f"instead of when the function returns, which changes what it "
                           f"receives and in which order")
        if forever:
            continue   # "until the function returns" is never: see _runs_only_on_panic
        if not _used_outside_defers(ctx, sc, body, v):
            return Verdict(Applicability.UNSAFE,
                           f"nothing in the iteration uses {v.name} but deferred calls: "
                           f"keeping it until the function returns may be the point")
        if not _used_outside_defers(ctx, sc, body, v, after=defer_stmt):
            return Verdict(Applicability.UNSAFE,
                           f"nothing in the iteration uses {v.name} after the defer (line "
                           f"{line(defer_stmt)}): a defer after its last use, rather than a "
                           f"call, keeps it open until the function returns, which may be the "
                           f"point")
    if aliases:
        v, origin = next(iter(aliases.items()))
        return Verdict(Applicability.UNSAFE,
                       f"{v.name} is {origin}, which lives on after the iteration")
    others = [v.name for v in outside] + package_level
    if others:
        return Verdict(Applicability.UNSAFE,
                       f"{code} also uses {and_list(others)} from outside the loop; the call "
                       f"would run with {'it' if len(others) == 1 else 'them'} at the end of "
                       f"each iteration instead of when the function returns")
    lost = _lost_write(ctx, sc, body, defer_stmt,
                       [callee] if callee.type == "function_literal" else func_value)
    if lost is not None:
        variable, write = lost
        return Verdict(Applicability.UNSAFE,
                       f"{code} assigns {variable.name} (line {write.line}), declared in the "
                       f"loop body, and nothing reads it after the closure runs "
                       f"(defer-lost-write): wrapped as it is, the rewrite would keep that "
                       f"write lost", lost=variable)
    return Verdict(Applicability.SAFE,
                   "the loop has no way out, so the original runs the deferred calls only if a "
                   "panic unwinds: holding them until the function returns cannot be the point"
                   if forever and not all(_used_outside_defers(ctx, sc, body, v, after=defer_stmt)
                                          for v in owned) else "",
                   owned=tuple(v.name for v in owned))


_GOEXIT = re.compile(rb"\b(Goexit|Fatal|Fatalf|FailNow|Skip|Skipf|SkipNow)\b")


def _runs_only_on_panic(ctx: FileContext, loop: Node) -> bool:
    """A loop with no way out (no condition, no break, return or goto out of it), in which
    nothing may call runtime.Goexit (`t.Fatal`, `t.Skip`, …, which run the deferred calls
    too): the function never returns from it, and its deferred calls run only when a panic
    unwinds the goroutine."""
    function = parsing.enclosing_function(loop)
    flow = ctx.flow(loop)
    if flow is None or function is None or loop_has_exit(flow, loop):
        return False
    params = function.child_by_field_name("parameters")
    if params is not None and b"testing." in ctx.src[params.start_byte:params.end_byte]:
        return False
    return not _GOEXIT.search(ctx.src[loop.start_byte:loop.end_byte])


def _is_error(ctx: FileContext, sc, variable) -> bool:
    return bool(_error_by(ctx, sc, variable))


def _error_by(ctx: FileContext, sc, variable) -> str:
    """"type" when go/types says the variable is an `error` (whatever its name) or, without
    types, its written type is; "name" when only a name that reads as an error says so (no
    types, no written type); "" when it is not."""
    answer = ctx.types.ident(variable.node)
    if isinstance(answer, Ident) and answer.type is not None:
        return "type" if answer.type.error else ""
    written = ctx.types.variable(sc, variable)
    if written == "error":
        return "type"
    return "name" if written is None and ERR_NAME.match(variable.name) else ""


def _lost_write(ctx: FileContext, sc, body: Node, defer_stmt: Node, literals: list[Node]):
    """(variable, write) when a deferred literal assigns a variable of the loop body that
    nothing reads afterwards (analysis/writes: the defer-lost-write finding)."""
    function = parsing.enclosing_function(defer_stmt)
    for literal in literals:
        for variable, write in lost_writes(sc, defer_stmt, literal, function):
            if variable.declared_within(body):
                return variable, write
    return None


def _returned_error(ctx: FileContext, sc, body: Node, variable) -> str:
    """The name of a lost error the rewrite can return: declared at the top level of the
    body by `a, err := …` with another new name (so that in a literal whose result is named
    err, the `:=` sets that result), of type error."""
    decl = variable.decl
    if variable is None or decl.type != "short_var_declaration" or decl.parent != body:
        return ""
    if not _is_error(ctx, sc, variable):
        return ""
    left = decl.child_by_field_name("left")
    names = left.named_children if left is not None else []
    fresh = [n for n in names if n.type == "identifier" and n != variable.node
             and ctx.text(n) != "_" and (v := sc.resolve(n)) is not None and v.node == n]
    return variable.name if fresh else ""


def _read_after_loop(sc, loop: Node, names: list[Node]):
    """The first use, after the loop, of a local that `names` refer to."""
    for node in names:
        variable = sc.resolve(node)
        for use in variable.uses if variable is not None else ():
            if use.start >= loop.end_byte:
                return use
    return None


def _func_value(ctx: FileContext, sc, body: Node, callee: Node) -> list[Node] | Verdict:
    """For `defer f()` with f a func variable declared in the body: the func literals
    assigned to it, or a verdict when it has no value (a nil func panics when called)."""
    if callee.type != "identifier":
        return []
    variable = sc.resolve(callee)
    if variable is None or not variable.declared_within(body):
        return []
    values = assigned_values(variable)
    if not values:
        return Verdict(Applicability.NONE,
                       f"{variable.name} is never assigned in the body: deferring a nil func "
                       f"panics when it runs, and the fix would move that panic")
    return [v for v in values if v.type == "function_literal"]


def _closure_captures(ctx: FileContext, loop: Node, code: str, literal: Node, sc
                      ) -> Verdict | None:
    """A deferred closure that writes a variable from outside the body, or reads a loop
    variable that all iterations share."""
    body = loop.child_by_field_name("body")
    for v, uses in sc.free_variables(literal).items():
        if v.declared_within(body):
            continue
        writes = any(u.is_write or u.partial for u in uses)
        if writes and v.kind == "result":
            return Verdict(Applicability.NONE,
                           f"{code} sets {v.name}, a result of the function; run per "
                           f"iteration, the function's own return would overwrite it")
        if writes:
            return Verdict(Applicability.UNSAFE,
                           f"{code} writes {v.name}, declared outside the loop body; that "
                           f"write would happen at the end of each iteration instead of when "
                           f"the function returns")
        if v.loop == loop and not ctx.loopvar_per_iteration:
            return Verdict(Applicability.UNSAFE,
                           f"{code} reads the loop variable {v.name}, which all iterations "
                           f"share before Go 1.22: it would see each iteration's value "
                           f"instead of the last one")
    return None


def _restores_state(ctx: FileContext, sc, body: Node, literals: list[Node]) -> str:
    """What a deferred func literal assigns that it did not declare (`f.Hidden = false`,
    `*p = old`, `count--`), as "x.f (line N)"; "" when it assigns only its own locals, or
    sets a whole variable of the loop body (`f = nil`: it dies with the iteration after the
    fix, and the iteration's later deferred calls still see the write first). A result of
    the function is left to _closure_captures, which says so."""
    for literal in literals:
        for variable, uses in sc.free_variables(literal).items():
            if variable.kind == "result":
                continue
            for use in uses:
                if use.access & Access.WRITE and (use.partial
                                                  or not variable.declared_within(body)):
                    target = use.node
                    while target.parent is not None and target.parent.type in (
                            "selector_expression", "index_expression",
                            "parenthesized_expression") \
                            and target.parent.named_children[0] == target:
                        target = target.parent
                    if target.parent is not None and target.parent.type == "unary_expression":
                        target = target.parent
                    return f"{brief(ctx.src, target)} (line {line(use.node)})"
    return ""


def _shared_loop_variable_address(ctx: FileContext, sc, loop: Node, call: Node) -> str:
    """`defer f(&i)` before Go 1.22: the deferred call reads the one loop variable of all
    iterations through the pointer when it runs."""
    if ctx.loopvar_per_iteration:
        return ""
    for node in descendants(call):
        if node.type != "identifier":
            continue
        variable = sc.resolve(node)
        use = sc.use_at(node)
        if variable is not None and variable.loop == loop and use is not None \
                and use.access & Access.ADDR:
            return variable.name
    return ""


def _used_outside_defers(ctx: FileContext, sc, body: Node, variable,
                         after: Node | None = None) -> bool:
    """Whether the body uses `variable` (or what one call declared with it: `ctx` of `ctx,
    cancel := …`) other than in defer statements, nil checks and its own assignments; with
    `after`, only uses that come after that statement count."""
    siblings, _ = declared_with(Region(ctx, sc, body), variable)
    for candidate in [variable, *siblings]:
        for use in candidate.uses:
            node = use.node
            if not within(node, body) or node == candidate.node or use.is_write:
                continue
            if after is not None and node.start_byte < after.end_byte:
                continue
            if any(p.type == "defer_statement" for p in parsing.ancestors(node)
                   if within(p, body)):
                continue
            parent = node.parent
            if parent is not None and parent.type == "binary_expression" \
                    and b"nil" in (c.text for c in parent.named_children):
                continue
            return True
    return False


def _is_range_number(ctx: FileContext, sc, clause: Node, variable) -> bool:
    """The range variable is a number the loop counts, not a value it takes from what it
    ranges over: the one variable of a range over an int, or the index of a range over a
    slice, array or string."""
    left = clause.child_by_field_name("left")
    right = clause.child_by_field_name("right")
    names = left.named_children if left is not None and left.type == "expression_list" \
        else [left]
    if right is None or not names or names[0] is None \
            or names[0].start_byte != variable.node.start_byte:
        return False
    if right.type == "int_literal":
        return True
    kind = ctx.types.of(sc, right) or ""
    return bool(NUMERIC.match(kind)) or kind.startswith("[") or kind == "string"


def _outer_only(ctx: FileContext, sc, loop: Node, code: str, outside, aliases,
                package_level: list[str]) -> Verdict:
    if aliases:
        v, origin = next(iter(aliases.items()))
        if all(a.startswith("built from ") for a in aliases.values()):
            return Verdict(Applicability.UNSAFE,
                           f"{v.name} is a new value {origin}, from outside the loop body: "
                           f"releasing it each iteration may release that too, which later "
                           f"iterations or the code after the loop may still use")
        return Verdict(Applicability.NONE,
                       f"{v.name} is {origin}, which outlives the iteration; releasing it "
                       f"each iteration would break later iterations or the code after the loop")
    ranged = [v for v in outside if v.loop == loop and v.how == "range"]
    if ranged:
        clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
        right = clause.child_by_field_name("right") if clause is not None else None
        over = brief(ctx.src, right) if right is not None else "the ranged value"
        if _is_range_number(ctx, sc, clause, ranged[0]):
            return Verdict(Applicability.NONE,
                           f"{code} works only on {ranged[0].name}, a number from ranging over "
                           f"{over}, not on anything the iteration opened; it may be meant to "
                           f"run when the function returns")
        return Verdict(Applicability.NONE,
                       f"{ranged[0].name} comes from ranging over {over}, which outlives the "
                       f"loop; {code} may be meant to run when the function returns")
    names = [v.name for v in outside] + package_level
    if names:
        return Verdict(Applicability.NONE,
                       f"{code} works on {and_list(names)} from outside the loop body, which "
                       f"later iterations or the code after the loop may still use; it may be "
                       f"meant to run when the function returns")
    return Verdict(Applicability.NONE,
                   f"{code} uses nothing declared in the loop body; it may be meant to run "
                   f"when the function returns")


# --- locks -----------------------------------------------------------------------------------

def _lock_pair(ctx: FileContext, sc, loop: Node, defer_stmt: Node, callee: Node,
               call: Node) -> tuple[Verdict | None, str]:
    """`x.Lock(); defer x.Unlock()` (or the literal `defer func() { x.Unlock() }()`) with the
    lock taken in the body before the defer on every path to it, on the same lock every
    iteration: then the second iteration deadlocks, and releasing per iteration is the fix.

    Only for a sync lock by type (codemod.analysis.locks.sync_lock: go/types' callee is a
    method of sync.Mutex, sync.RWMutex or sync.Locker): another type's Lock and Unlock (a
    reentrant lock, a seal) is (None, ""), judged as any deferred release. Without types and
    no written type that says sync, the verdict comes with why types did not settle it."""
    verdict = _lock_verdict(ctx, sc, loop, defer_stmt, callee, call)
    if verdict is None:
        return None, ""
    verdict, unlock = verdict
    found = sync_lock(ctx, unlock)
    if found.sync:
        return verdict, ""
    if found.typed:
        return None, ""
    return verdict, f"types were not available ({found.untyped})"


def _lock_verdict(ctx: FileContext, sc, loop: Node, defer_stmt: Node, callee: Node,
                  call: Node) -> tuple[Verdict, Node] | None:
    """The verdict on `x.Lock(); defer x.Unlock()` by the pairing of the names, and the
    Unlock call; None when the deferred call is no Unlock paired with a Lock before it."""
    body = loop.child_by_field_name("body")
    target = callee
    if callee.type == "function_literal":
        inner = callee.child_by_field_name("body")
        stmts = statements(inner) if inner is not None else []
        if len(stmts) != 1 or stmts[0].type != "expression_statement":
            return None
        target_call = stmts[0].named_children[0]
        if target_call.type != "call_expression":
            return None
        call, target = target_call, target_call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if target is None or target.type != "selector_expression" or args is None \
            or args.named_child_count:
        return None
    method = ctx.text(target.child_by_field_name("field"))
    if method not in UNLOCKS:
        return None
    receiver = squeeze(ctx.text(target.child_by_field_name("operand")))
    wanted = f"{receiver}.{UNLOCKS[method]}()"
    taken = None
    node = defer_stmt
    while node != body and node.parent is not None and taken is None:
        for sibling in earlier_siblings(node):
            if sibling.type == "expression_statement" and squeeze(ctx.text(sibling)) == wanted:
                taken = sibling
                break
        node = node.parent
    if taken is None:
        return None
    return _pair_verdict(ctx, sc, loop, target, taken), call


def _pair_verdict(ctx: FileContext, sc, loop: Node, target: Node, taken: Node) -> Verdict:
    """The verdict on a sync lock's `x.Lock()` (`taken`) and `defer x.Unlock()` (`target`:
    its `x.Unlock`) in a loop body."""
    body = loop.child_by_field_name("body")
    method = ctx.text(target.child_by_field_name("field"))
    receiver = squeeze(ctx.text(target.child_by_field_name("operand")))
    wanted = f"{receiver}.{UNLOCKS[method]}()"
    changing = _changing_lock(ctx, sc, loop, target.child_by_field_name("operand"))
    if changing:
        return changing
    conditional = _taken_conditionally(ctx, sc, body, taken)
    if conditional:
        return conditional
    by_hand = [n for n in function_level(body) if n.type == "expression_statement"
               and squeeze(ctx.text(n)) == f"{receiver}.{method}()"]
    if by_hand:
        return Verdict(Applicability.UNSAFE,
                       f"the body also calls {receiver}.{method}() itself (line "
                       f"{line(by_hand[0])}); with the defer running every iteration the "
                       f"lock may be released twice")
    if method == "RUnlock":
        return Verdict(Applicability.UNSAFE,
                       f"a read lock can be taken again: the original holds {wanted} from the "
                       f"first iteration until {_function_name(ctx, parsing.enclosing_function(loop))} "
                       f"returns, so every iteration and the code after the loop see one state "
                       f"that writers cannot change; released per iteration, writers may run "
                       f"in between")
    after = code_after_loop(ctx, sc, loop)
    if after is not None:
        return Verdict(Applicability.UNSAFE,
                       f"the original works only when the loop takes {wanted} once (a second "
                       f"iteration deadlocks), and then the code that runs after the body (line "
                       f"{line(after)}) runs under the lock; released per iteration, it runs "
                       f"without it")
    return Verdict(Applicability.SAFE,
                   f"{wanted} is taken in the loop body; released only at function exit, the "
                   f"next iteration would deadlock, and no code after the loop runs under it")


def _taken_conditionally(ctx: FileContext, sc, body: Node, taken: Node) -> Verdict | None:
    """The lock is taken under a condition, not by every iteration: the deadlock argument
    fails when the condition holds once (`if !hasLock { mu.Lock(); defer mu.Unlock();
    hasLock = true }` holds the lock for all later iterations on purpose)."""
    construct = None
    for parent in parsing.ancestors(taken):
        if parent == body:
            break
        if parent.type in ("if_statement", "expression_switch_statement",
                           "type_switch_statement", "select_statement", "for_statement"):
            construct = parent
    if construct is None:
        return None
    condition = construct.child_by_field_name("condition")
    for node in [condition, *descendants(condition)] if condition is not None else []:
        variable = sc.resolve(node) if node.type == "identifier" else None
        if variable is not None and any(within(u.node, body) for u in variable.writes):
            return Verdict(Applicability.NONE,
                           f"the lock is taken only while {brief(ctx.src, condition)} "
                           f"(line {line(construct)}), and the body changes {variable.name}: "
                           f"taken once, it is held for the later iterations on purpose")
    return Verdict(Applicability.UNSAFE,
                   f"the lock is taken only under a condition (line {line(construct)}): if "
                   f"that holds in one iteration only, nothing deadlocks, and holding the lock "
                   f"until the function returns may be deliberate")


def _changing_lock(ctx: FileContext, sc, loop: Node, receiver: Node) -> Verdict | None:
    """A verdict when the lock may differ from one iteration to the next: then holding each
    until the function returns (hand-over-hand locking up a chain) may be deliberate. Every
    name in the receiver counts (`locks[i]`, `lockFor(key)`), not only its root."""
    body = loop.child_by_field_name("body")
    names = [receiver] if receiver.type == "identifier" else \
        [n for n in descendants(receiver) if n.type == "identifier"]
    for ident in sorted(names, key=lambda n: n.start_byte):
        variable = sc.resolve(ident)
        name = ctx.text(ident)
        if variable is not None and variable.loop == loop:
            return Verdict(Applicability.NONE,
                           f"{ctx.text(receiver)} is a different lock each iteration ({name} "
                           f"changes with the loop): holding each one until the function "
                           f"returns may be deliberate")
        if variable is not None and variable.declared_within(body):
            return Verdict(Applicability.UNSAFE,
                           f"{ctx.text(receiver)} is looked up in each iteration: if it is the "
                           f"same lock every time the loop deadlocks, but if not, holding each "
                           f"one until the function returns may be deliberate")
        written = [u for u in variable.writes if within(u.node, loop)] if variable is not None \
            else [n for n in descendants(loop) if n.type == "identifier"
                  and ctx.text(n) == name and is_assigned(n)]
        if written:
            return Verdict(Applicability.NONE,
                           f"{name} is assigned in the loop (line {line(node_of(written[0]))}), "
                           f"so {ctx.text(receiver)} may be a different lock each iteration: "
                           f"holding each one until the function returns may be deliberate")
    calls = [n for n in [receiver, *descendants(receiver)] if n.type == "call_expression"]
    if calls:
        by = "" if calls[0] == receiver else f" ({brief(ctx.src, calls[0])})"
        return Verdict(Applicability.UNSAFE,
                       f"{ctx.text(receiver)} is looked up by a call each iteration{by}: if it "
                       f"is the same lock every time the loop deadlocks, but if not, holding "
                       f"each one until the function returns may be deliberate")
    return None
