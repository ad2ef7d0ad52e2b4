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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from codemod import parsing
from codemod.analysis import universe
from codemod.analysis.calls import NO_RETURN_CALLS, calls_recover
from codemod.analysis.controlflow import Flow, loop_has_exit
from codemod.analysis.syntax import (CLAUSES, descendants, function_level, is_variadic,
                                     parameter_names, return_values, root_identifier,
                                     statements, value_for, within)
from codemod.analysis.types import function_results
from codemod.context import FileContext, Rule
from codemod.rewrite import wrap_body
from codemod.model import Applicability, Finding, Fix
from codemod.analysis.scopes import Access

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
runs it again: that is a finding).

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

`continue` becomes `return`. When the body also breaks, returns other values, or jumps to a
label outside it, the literal returns a word naming the branch (`return "break"`) with the
function's results, and `if next == "break" { break }` after the call performs it.

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
code after the loop runs under it.
Unsafe: a per-iteration resource may outlive the iteration (a field of it or a value built
from it is stored, it is passed to a method of an outer value, to a function value, or to a
call too deep to follow, or captured by a closure that may be stored); nothing in the
iteration uses it but deferred calls, or nothing after the defer (kept open on purpose); it
is a path or descriptor built from values outside the loop, or a writer wrapping one
(`bufio.NewWriter(out)`: its Flush or Close writes to `out`); the deferred call also uses
values from outside the loop; it may panic or exit (a panic() in the literal or in the
package's function it calls: the loop would stop early); a closure reads, or the call takes
the address of, a loop variable that all iterations share (before Go 1.22); the lock may
differ per iteration; the original, which works only when the loop takes the lock once,
holds it over code that runs after the body (the loop's condition or iterator, the code
after the loop); it is a read lock (held across all iterations on purpose: writers cannot
change what the loop reads).
Report-only: the resource certainly outlives the iteration (it is stored in an outer
variable, map or field, appended or copied to an outer slice, sent on a channel, returned,
or used by a goroutine, directly or by a function of the package it is passed to): closing
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

_LOCKS = {"Unlock": "Lock", "RUnlock": "RLock"}
# Methods whose results do not keep their receiver alive (plain values, errors, counts).
_VALUE_METHODS = frozenset({
    "Read", "ReadAt", "ReadByte", "ReadBytes", "ReadRune", "ReadString", "ReadLine", "ReadFrom",
    "Write", "WriteString", "WriteByte", "WriteRune", "WriteTo", "WriteAt", "Stat", "Name",
    "Err", "Next", "NextResultSet", "Scan", "Text", "Len", "Size", "Seek", "Sync", "Flush",
    "Close", "Columns", "RowsAffected", "LastInsertId", "Decode", "Encode", "String", "Error",
    "Readdirnames", "ReadDir", "Readdir", "Truncate", "Chmod", "Chown", "Fd", "Exec",
    "SetDeadline", "SetReadDeadline", "SetWriteDeadline", "Wait", "Signal", "Kill", "Run",
    "Start", "Output", "CombinedOutput", "Cancel", "Stop", "Reset",
})
# Methods of another value that read an argument without keeping it.
_NON_STORING_METHODS = frozenset({
    "Write", "WriteString", "Printf", "Println", "Print", "Fprintf", "Fprintln", "Errorf",
    "Logf", "Log", "Infof", "Info", "Debugf", "Debug", "Warnf", "Warn", "Error", "Fatalf",
    "Fatal", "Skip", "Skipf", "Panicf", "Panic", "Sprintf", "Sprint",
    "Encode", "Decode", "ReadFrom", "WriteTo", "Copy", "Unmarshal", "Marshal", "Sum",
    "Equal", "Contains", "Scan", "Exec", "Query", "QueryRow", "Get", "Has",
    "Do", "RoundTrip",   # http.Client.Do, http.RoundTripper: run the request, keep nothing
})
# Package functions whose results do not keep their arguments alive.
_NON_RETAINING_FUNCS = re.compile(
    r"^(fmt|strconv|strings|errors|log|math|sort|slices\.(Contains|Index|Equal)|"
    r"io\.(ReadAll|Copy|CopyN|CopyBuffer|ReadFull|WriteString)|ioutil\.ReadAll|"
    r"json\.(Marshal|MarshalIndent|Unmarshal)|bytes\.(Equal|Compare|Contains|HasPrefix)|"
    r"filepath|path|utf8|unicode)(\..*)?$")
_ERR_NAME = re.compile(r"^(err|.*Err|.*Error)$")


@dataclass(frozen=True)
class Verdict:
    applicability: Applicability
    reason: str
    owned: tuple[str, ...] = ()   # for a safe verdict: the per-iteration variables released


def find(ctx: FileContext) -> list[Finding]:
    findings = []
    for defer_stmt in ctx.captures(_DEFER).get("defer", []):
        loops = parsing.enclosing_loops(defer_stmt)
        if not loops:
            continue
        function = parsing.enclosing_function(loops[0])
        if function is None:
            continue
        flow = ctx.cached(("controlflow", function.id), lambda: Flow(function, ctx.src))
        # The innermost loop whose next iteration the defer may reach: one that always
        # leaves after the defer (`break`, `continue outer`) piles the calls up in the
        # loop around it instead.
        loop = next((loop for loop in loops
                     if flow.may_reach_next_iteration(defer_stmt, loop)), None)
        if loop is None:
            continue  # every path after the defer leaves the loops: nothing piles up
        fix = ctx.cached(("defer-in-loop", loop.id), lambda: _loop_fix(ctx, flow, loop))
        findings.append(ctx.finding(RULE.id, defer_stmt,
                                    _message(ctx, flow, loop, defer_stmt), fix))
    return findings


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

def _loop_fix(ctx: FileContext, flow: Flow, loop: Node) -> Fix:
    body = loop.child_by_field_name("body")
    sc = ctx.scopes(loop)
    verdict = _judge_body(ctx, sc, flow, loop, body)
    if verdict.applicability is Applicability.NONE:
        return ctx.fix(Applicability.NONE, "report only", reason=verdict.reason)
    wrap = wrap_body(
        ctx.src, flow, loop, ctx.newline,
        nonnil_error=lambda stmt, expr: _certainly_not_nil(sc, body, stmt, expr),
        types=ctx.types.package_definitions)
    if not wrap.edits:
        return ctx.fix(Applicability.NONE, "report only",
                       reason=f"the body cannot be wrapped: {wrap.problem}")
    how = {"plain": "continue becomes return",
           "error": "errors are returned from the literal and checked after the call"}.get(
        wrap.form, "break/return/labelled branches are carried out of the literal: "
                   + ", ".join(wrap.exits))
    return ctx.fix(verdict.applicability,
                   f"run the loop body in a func literal so its defers run every iteration "
                   f"({how})", wrap.edits, reason=verdict.reason)


def _judge_body(ctx: FileContext, sc, flow: Flow, loop: Node, body: Node) -> Verdict:
    """The weakest verdict over every defer the wrap would move, with its reason."""
    calls_recover = b"recover" in ctx.src[body.start_byte:body.end_byte]
    for node in function_level(body) if calls_recover else ():
        if node.type == "call_expression" and _callee_text(ctx, node) == "recover":
            return Verdict(Applicability.NONE,
                           f"the body calls recover() (line {_line(node)}); inside a func "
                           f"literal it would no longer stop the panic")
    defers = [n for n in function_level(body) if n.type == "defer_statement"]
    verdicts = [_judge_defer(ctx, sc, loop, d) for d in defers]
    for rank in (Applicability.NONE, Applicability.UNSAFE):
        worst = [v for v in verdicts if v.applicability is rank]
        if worst:
            return worst[0]
    owned = list(dict.fromkeys(name for v in verdicts for name in v.owned))
    reasons = [v.reason for v in verdicts if not v.owned]
    if owned:
        one = len(owned) == 1
        reasons.insert(0, f"{_names(owned)} {'is' if one else 'are'} declared in the loop body "
                          f"and {'does' if one else 'do'} not outlive the iteration")
    return Verdict(Applicability.SAFE, "; ".join(dict.fromkeys(reasons)))


def _judge_defer(ctx: FileContext, sc, loop: Node, defer_stmt: Node) -> Verdict:
    body = loop.child_by_field_name("body")
    call = defer_stmt.child_by_field_name("call")
    code = _short(ctx, defer_stmt)
    if call is None or call.type != "call_expression" or sc is None:
        return Verdict(Applicability.NONE, f"{code} is not a plain call")
    callee = call.child_by_field_name("function")
    recovers = _may_recover(ctx, callee) or _local_func_recovers(ctx, sc, callee)
    if recovers:
        return Verdict(Applicability.NONE,
                       f"{code} may call recover() ({recovers}): per iteration it would "
                       f"swallow a panic and the loop would go on")
    lock = _lock_pair(ctx, sc, loop, defer_stmt, callee, call)
    if lock is not None:
        return lock
    mentioned, package_level = _mentions(ctx, sc, call, callee)
    func_value = _func_value(ctx, sc, body, callee)
    if isinstance(func_value, Verdict):
        return func_value
    if _only_reports(ctx, call, func_value):
        return Verdict(Applicability.NONE,
                       f"{code} releases nothing: it prints when the function returns, the "
                       f"calls in reverse order; run per iteration it would print elsewhere")
    panics = _may_panic(ctx, call, func_value)
    if panics:
        return Verdict(Applicability.UNSAFE,
                       f"{code} may panic or exit ({panics}): at the end of an iteration it "
                       f"would stop the loop there, where the original finishes the loop first")
    for literal in func_value:
        captured, more = _mentions(ctx, sc, literal, literal)
        mentioned += [v for v in captured if v not in mentioned]
        package_level += more
    header = [v for v in mentioned if v.loop == loop]
    inside = [v for v in mentioned if v.declared_within(body)
              and not v.declared_within(defer_stmt)]
    outside = [v for v in mentioned if v not in header and v not in inside]
    aliases = {v: a for v in inside if (a := _alias_of(ctx, sc, body, v))}
    owned = [v for v in inside if v not in aliases]
    restored = _restores_state(ctx, sc, body, [callee] if callee.type == "function_literal"
                               else func_value)
    if restored:
        return Verdict(Applicability.NONE,
                       f"{code} sets {restored}: a deferred assignment releases nothing, it "
                       f"puts state back when the function returns, and the code after the "
                       f"loop may rely on the state the iterations left")
    if not owned:
        return _outer_only(ctx, loop, code, outside + header, aliases, package_level)
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
        escape = _escape(ctx, sc, body, defer_stmt, v)
        if escape and _escape_is_certain(escape):
            return Verdict(Applicability.NONE,
                           f"{escape}: it is used after the iteration, and releasing it at "
                           f"the end of each iteration would break that use")
        if escape:
            return Verdict(Applicability.UNSAFE,
                           f"{escape}: it may be used after the iteration, and releasing it "
                           f"at the end of each iteration could break that use")
    for v in owned:
        address = _set_through_address(body, v)
        if address:
            return Verdict(Applicability.UNSAFE,
                           f"{address}: {v.name} may be set through it, maybe to a value "
                           f"from outside the loop that {code} would release each iteration")
    for v in owned:
        named = _names_outer_thing(ctx, sc, body, call, v)
        if named:
            return Verdict(Applicability.UNSAFE,
                           f"{v.name} is made from {named}, from outside the loop body, and "
                           f"{code} acts on what it names (a path, a descriptor), which may "
                           f"outlive the iteration")
        wrapped = _wraps_outer_writer(ctx, sc, body, v)
        if wrapped:
            return Verdict(Applicability.UNSAFE,
                           f"{v.name} wraps {wrapped}, from outside the loop body: {code} may "
                           f"write to it (a flush, a trailer) at the end of each iteration "
                           f"instead of when the function returns, which changes what it "
                           f"receives and in which order")
        if not _used_outside_defers(ctx, sc, body, v):
            return Verdict(Applicability.UNSAFE,
                           f"nothing in the iteration uses {v.name} but deferred calls: "
                           f"keeping it until the function returns may be the point")
        if not _used_outside_defers(ctx, sc, body, v, after=defer_stmt):
            return Verdict(Applicability.UNSAFE,
                           f"nothing in the iteration uses {v.name} after the defer (line "
                           f"{_line(defer_stmt)}): a defer after its last use, rather than a "
                           f"call, keeps it open until the function returns, which may be the "
                           f"point")
    if aliases:
        v, origin = next(iter(aliases.items()))
        return Verdict(Applicability.UNSAFE,
                       f"{v.name} is {origin}, which lives on after the iteration")
    others = [v.name for v in outside] + package_level
    if others:
        return Verdict(Applicability.UNSAFE,
                       f"{code} also uses {_names(others)} from outside the loop; the call "
                       f"would run with {'it' if len(others) == 1 else 'them'} at the end of "
                       f"each iteration instead of when the function returns")
    return Verdict(Applicability.SAFE, "", owned=tuple(v.name for v in owned))


def _func_value(ctx: FileContext, sc, body: Node, callee: Node) -> list[Node] | Verdict:
    """For `defer f()` with f a func variable declared in the body: the func literals
    assigned to it, or a verdict when it has no value (a nil func panics when called)."""
    if callee.type != "identifier":
        return []
    variable = sc.resolve(callee)
    if variable is None or not variable.declared_within(body):
        return []
    values = _assigned_values(variable)
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
                    return f"{_normal_text(ctx, target)} (line {_line(use.node)})"
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


def _names_outer_thing(ctx: FileContext, sc, body: Node, call: Node, variable) -> str:
    """When the deferred call passes `variable` as a value (not as the receiver of a method)
    and the variable is a call's result built from values outside the body, like
    `d := filepath.Join(dir, name)`: it names something that outlives the iteration (a
    handle like `f := os.Open(p)` is a new object; `f.Close()` uses it as a receiver)."""
    as_value = False
    for node in descendants(call):
        if node.type != "identifier" or sc.resolve(node) is not variable:
            continue
        top = node
        while top.parent is not None and top.parent.type == "selector_expression" \
                and top.parent.child_by_field_name("operand") == top:
            top = top.parent
        call_of = top.parent
        receiver = top != node and call_of is not None and call_of.type == "call_expression" \
            and call_of.child_by_field_name("function") == top
        as_value = as_value or not receiver
    if not as_value or _is_handle(ctx, sc, body, variable):
        return ""
    variables = ctx.package.file_names.variables
    found: list[Node] = []
    for value in _assigned_values(variable):
        if value.type != "call_expression":
            continue
        args = value.child_by_field_name("arguments")
        for node in descendants(args) if args is not None else ():
            if node.type != "identifier" or _is_key(node):
                continue
            other = sc.resolve(node)
            if other is not None and not other.declared_within(body) \
                    or other is None and ctx.text(node) in variables:
                found.append(node)
    return _names([ctx.text(n) for n in sorted(found, key=lambda n: n.start_byte)]) \
        if found else ""


def _is_handle(ctx: FileContext, sc, body: Node, variable) -> bool:
    """A value that is an object of its own (a pointer, a struct), not a name of something
    (a path string, a descriptor number): by its written type, or else by being used
    through a selector (`r.name`, `f.Read(…)`)."""
    written = ctx.types.variable(sc, variable)
    if written is not None:
        return not ctx.types.plain(written)
    for use in variable.uses:
        parent = use.node.parent
        if within(use.node, body) and parent is not None \
                and parent.type == "selector_expression" \
                and parent.child_by_field_name("operand") == use.node:
            return True
    return False


def _used_outside_defers(ctx: FileContext, sc, body: Node, variable,
                         after: Node | None = None) -> bool:
    """Whether the body uses `variable` (or what one call declared with it: `ctx` of `ctx,
    cancel := …`) other than in defer statements, nil checks and its own assignments; with
    `after`, only uses that come after that statement count."""
    siblings, _ = _declared_with(_Region(ctx, sc, body), variable)
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


def _outer_only(ctx: FileContext, loop: Node, code: str, outside, aliases,
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
        over = _normal_text(ctx, right) if right is not None else "the ranged value"
        return Verdict(Applicability.NONE,
                       f"{ranged[0].name} comes from ranging over {over}, which outlives the "
                       f"loop; {code} may be meant to run when the function returns")
    names = [v.name for v in outside] + package_level
    if names:
        return Verdict(Applicability.NONE,
                       f"{code} works on {_names(names)} from outside the loop body, which "
                       f"later iterations or the code after the loop may still use; it may be "
                       f"meant to run when the function returns")
    return Verdict(Applicability.NONE,
                   f"{code} uses nothing declared in the loop body; it may be meant to run "
                   f"when the function returns")


def _names(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _line(node: Node) -> int:
    return node.start_point.row + 1


def _callee_text(ctx: FileContext, call: Node) -> str:
    function = call.child_by_field_name("function")
    return ctx.text(function) if function is not None else ""


# --- what a deferred call does besides releasing --------------------------------------------

_PRINT_FUNCS = re.compile(r"^(fmt\.(Print|Println|Printf|Fprint|Fprintln|Fprintf)|log\.\w+|"
                          r"print|println)$")
_PRINT_METHODS = frozenset({
    "Print", "Printf", "Println", "Log", "Logf", "Info", "Infof", "Infow", "Debug", "Debugf",
    "Debugw", "Warn", "Warnf", "Warnw", "Warning", "Warningf", "Trace", "Tracef",
})
# Calls that only compute a value to print.
_PURE_FUNCS = re.compile(r"^(fmt\.(Sprint|Sprintf|Sprintln|Errorf)|strconv\.\w+|strings\.\w+|"
                         r"time\.(Since|Until|Now)|errors\.(New|Is|As|Unwrap)|"
                         r"len|cap|string|int|int64|float64|min|max)$")
_READ_METHODS = frozenset({"Name", "String", "Len", "Size", "Error", "Err", "Sub", "Seconds",
                           "Milliseconds", "Microseconds", "Nanoseconds", "Round",
                           "Truncate", "Format", "Unix", "UnixNano", "UnixMilli"})


def _only_reports(ctx: FileContext, call: Node, literals: list[Node], depth: int = 0) -> bool:
    """What runs when the deferred call runs only prints: `defer fmt.Println("done", name)`
    (its arguments ran at the defer statement), `defer func() { log.Printf("took %v",
    time.Since(start)) }()`, `defer report(name)` with a package function that only prints.
    It releases nothing; when it runs is all it does."""
    callee = call.child_by_field_name("function")
    if callee is not None and callee.type == "function_literal":
        literals = [callee, *literals]
    if literals:
        calls = [n for literal in literals for n in descendants(literal)
                 if n.type == "call_expression"]
    else:
        calls = [call]
    printed = False
    for node in calls:
        function = node.child_by_field_name("function")
        if function is None:
            return False
        if function.type == "function_literal":
            continue
        name = ctx.text(function)
        method = ctx.text(function.child_by_field_name("field")) \
            if function.type == "selector_expression" else ""
        if _PRINT_FUNCS.match(name) or method in _PRINT_METHODS:
            printed = True
        elif _PURE_FUNCS.match(name) or method in _READ_METHODS:
            continue
        elif node is call and depth < 2 and _package_function_only_prints(ctx, function, depth):
            printed = True
        else:
            return False
    return printed


def _package_function_only_prints(ctx: FileContext, function: Node, depth: int) -> bool:
    """`report(x)` or `j.Report()` with every function or method of that name in the package
    only printing."""
    if function.type == "identifier":
        kind, name_node = "function_declaration", function
    elif function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        if operand is not None and operand.type == "identifier" \
                and ctx.text(operand) in _imports(ctx):
            return False  # another package's function
        kind, name_node = "method_declaration", function.child_by_field_name("field")
    else:
        return False
    found = False
    for other, decl in ctx.package.functions(ctx.text(name_node), method=kind == "method_declaration"):
        body = decl.child_by_field_name("body")
        if body is None:
            continue
        if any(n.type in ("assignment", "inc_dec_statement", "send_statement",
                          "go_statement", "defer_statement") for n in descendants(body)):
            return False   # it changes something besides printing
        inner = [n for n in descendants(body) if n.type == "call_expression"]
        if not inner or not all(_only_reports(other, n, [], depth + 1) or _pure_call(other, n)
                                for n in inner):
            return False
        found = True
    return found


def _pure_call(ctx: FileContext, call: Node) -> bool:
    function = call.child_by_field_name("function")
    if function is None:
        return False
    method = ctx.text(function.child_by_field_name("field")) \
        if function.type == "selector_expression" else ""
    return bool(_PURE_FUNCS.match(ctx.text(function))) or method in _READ_METHODS


def _may_panic(ctx: FileContext, call: Node, literals: list[Node]) -> str:
    """Where the deferred call may panic or end the program: a panic(), os.Exit or log.Fatal
    in the deferred literal, or in the body of the package's function or method it calls."""
    callee = call.child_by_field_name("function")
    if callee is not None and callee.type == "function_literal":
        literals = [callee, *literals]
    for literal in literals:
        for node in function_level(literal):
            if node.type != "call_expression":
                continue
            name = _callee_text(ctx, node)
            if name in NO_RETURN_CALLS:
                return f"{name} at line {_line(node)}"
            found = _package_function_panics(ctx, node.child_by_field_name("function"))
            if found:
                return found
    return _package_function_panics(ctx, callee)


def _package_function_panics(ctx: FileContext, callee: Node | None) -> str:
    if callee is None or callee.type not in ("identifier", "selector_expression"):
        return ""
    is_method = callee.type == "selector_expression"
    name_node = callee.child_by_field_name("field") if is_method else callee
    if name_node is None:
        return ""
    if is_method and ctx.text(callee.child_by_field_name("operand")) in _imports(ctx):
        return ""  # a function of another package
    name = ctx.text(name_node)
    kind = "method_declaration" if is_method else "function_declaration"
    for other, decl in ctx.package.functions(name, method=kind == "method_declaration"):
        body = decl.child_by_field_name("body")
        for node in function_level(body) if body is not None else ():
            if node.type == "call_expression" and _callee_text(other, node) in NO_RETURN_CALLS:
                return f"{name} calls {_callee_text(other, node)}"
    return ""


_WRITER_MAKERS = re.compile(r"(^|\.)(New\w*(Writer|Encoder)\w*|MultiWriter)$")


def _wraps_outer_writer(ctx: FileContext, sc, body: Node, variable) -> str:
    """`w := bufio.NewWriter(out)` with `out` from outside the body: what w's Flush or Close
    writes goes to `out`. The outer argument, or ""."""
    imports = _imports(ctx)
    for value in _assigned_values(variable):
        if value.type != "call_expression" or not _WRITER_MAKERS.search(_callee_text(ctx, value)):
            continue
        args = value.child_by_field_name("arguments")
        for arg in args.named_children if args is not None else ():
            root = root_identifier(arg)
            if root is None:
                continue
            other = sc.resolve(root)
            if other is not None and not other.declared_within(body) \
                    or other is None and ctx.text(root) in imports | ctx.package.file_names.variables:
                return _normal_text(ctx, arg)
            if other is not None and (outer := _alias_of(ctx, sc, body, other)):
                return outer
    return ""


# --- recover ---------------------------------------------------------------------------------

def _may_recover(ctx: FileContext, callee: Node | None) -> str:
    """Why the deferred function may call recover(), or ""."""
    if callee is None:
        return ""
    if callee.type == "function_literal":
        return "the literal calls it" if calls_recover(ctx.src, callee) else ""
    name_node = callee.child_by_field_name("field") if callee.type == "selector_expression" \
        else callee
    if name_node is None or name_node.type not in ("identifier", "field_identifier"):
        return ""
    name = ctx.text(name_node)
    if re.search(r"recover|panic", name, re.IGNORECASE):
        return f"judging by the name {name}"
    is_method = callee.type == "selector_expression"
    if is_method and ctx.text(callee.child_by_field_name("operand")) in _imports(ctx):
        return ""  # a function of another package
    kind = "method_declaration" if is_method else "function_declaration"
    for other, decl in ctx.package.functions(name, method=kind == "method_declaration"):
        if calls_recover(other.src, decl):
            return f"{name} calls it"
    return ""


def _local_func_recovers(ctx: FileContext, sc, callee: Node | None) -> str:
    """`fn := func() { … recover() … }; defer fn()`: a local func value assigned a literal
    that calls recover()."""
    if callee is None or callee.type != "identifier" or sc is None:
        return ""
    variable = sc.resolve(callee)
    if variable is None:
        return ""
    for value in _assigned_values(variable):
        if value.type == "function_literal" and calls_recover(ctx.src, value):
            return f"{variable.name} is a func literal that calls it"
    return ""


def _imports(ctx: FileContext) -> set[str]:
    return ctx.package.file_names.imports


# --- locks -----------------------------------------------------------------------------------

def _lock_pair(ctx: FileContext, sc, loop: Node, defer_stmt: Node, callee: Node,
               call: Node) -> Verdict | None:
    """`x.Lock(); defer x.Unlock()` (or the literal `defer func() { x.Unlock() }()`) with the
    lock taken in the body before the defer on every path to it, on the same lock every
    iteration: then the second iteration deadlocks, and releasing per iteration is the fix."""
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
    if method not in _LOCKS:
        return None
    receiver = _normal(ctx.text(target.child_by_field_name("operand")))
    wanted = f"{receiver}.{_LOCKS[method]}()"
    taken = None
    node = defer_stmt
    while node != body and node.parent is not None and taken is None:
        for sibling in _earlier_siblings(node):
            if sibling.type == "expression_statement" and _normal(ctx.text(sibling)) == wanted:
                taken = sibling
                break
        node = node.parent
    if taken is None:
        return None
    changing = _changing_lock(ctx, sc, loop, target.child_by_field_name("operand"))
    if changing:
        return changing
    conditional = _taken_conditionally(ctx, sc, body, taken)
    if conditional:
        return conditional
    by_hand = [n for n in function_level(body) if n.type == "expression_statement"
               and _normal(ctx.text(n)) == f"{receiver}.{method}()"]
    if by_hand:
        return Verdict(Applicability.UNSAFE,
                       f"the body also calls {receiver}.{method}() itself (line "
                       f"{_line(by_hand[0])}); with the defer running every iteration the "
                       f"lock may be released twice")
    if method == "RUnlock":
        return Verdict(Applicability.UNSAFE,
                       f"a read lock can be taken again: the original holds {wanted} from the "
                       f"first iteration until {_function_name(ctx, parsing.enclosing_function(loop))} "
                       f"returns, so every iteration and the code after the loop see one state "
                       f"that writers cannot change; released per iteration, writers may run "
                       f"in between")
    after = _code_after_loop(ctx, sc, loop)
    if after is not None:
        return Verdict(Applicability.UNSAFE,
                       f"the original works only when the loop takes {wanted} once (a second "
                       f"iteration deadlocks), and then the code that runs after the body (line "
                       f"{_line(after)}) runs under the lock; released per iteration, it runs "
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
                           f"the lock is taken only while {_normal_text(ctx, condition)} "
                           f"(line {_line(construct)}), and the body changes {variable.name}: "
                           f"taken once, it is held for the later iterations on purpose")
    return Verdict(Applicability.UNSAFE,
                   f"the lock is taken only under a condition (line {_line(construct)}): if "
                   f"that holds in one iteration only, nothing deadlocks, and holding the lock "
                   f"until the function returns may be deliberate")


def _code_after_loop(ctx: FileContext, sc, loop: Node) -> Node | None:
    """The first code that runs after the body of `loop` before the function returns: the
    loop's own condition, post statement or iterator function, the rest of each enclosing
    block, the other statements and the header of an enclosing loop; other than a `return`
    of constants and locals, or a condition on locals. None when there is none."""
    node = loop
    while node.parent is not None and node.parent.type not in parsing.FUNCTION_KINDS:
        if node.type == "for_statement":
            header = _nontrivial_header(ctx, sc, node)
            if header is not None:
                return header
        parent = node.parent
        if parent.type == "block" or parent.type in CLAUSES:
            rest = statements(parent)
            if parent.parent is not None and parent.parent.type == "for_statement":
                later = [s for s in rest if s != node]   # the next iteration runs them too
            else:
                later = [s for s in rest if s.start_byte >= node.end_byte]
            for stmt in later:
                if not (stmt.type == "empty_statement" or stmt.type == "return_statement"
                        and _trivial(ctx, sc, stmt)):
                    return stmt
        node = parent
    return None


def _nontrivial_header(ctx: FileContext, sc, loop: Node) -> Node | None:
    """The part of a loop's header that runs between iterations and may read shared state:
    a condition or post statement beyond locals, or a range over what may be an iterator
    function (its code runs between the iterations)."""
    parts = [loop.child_by_field_name("condition")]
    for child in loop.named_children:
        if child.type == "for_clause":
            parts += [child.child_by_field_name("condition"), child.child_by_field_name("update")]
        elif child.type == "range_clause":
            right = child.child_by_field_name("right")
            written = ctx.types.of(sc, right) if right is not None else None
            if right is not None and not (written and re.match(
                    r"^(\[|map\[|string$|chan |<-chan |u?int(8|16|32|64)?$)", written)) \
                    and right.type not in ("int_literal", "interpreted_string_literal"):
                return right
    for part in parts:
        if part is not None and not _trivial(ctx, sc, part):
            return part
    return None


def _trivial(ctx: FileContext, sc, node: Node) -> bool:
    """Reads only locals and constants: no call (but len/cap of a local slice or string), no
    field, element or pointer read, no package-level variable (state a lock may guard)."""
    for child in [node, *descendants(node)]:
        if child.type == "call_expression":
            name = _callee_text(ctx, child)
            args = child.child_by_field_name("arguments")
            arg = args.named_children[0] if args is not None and args.named_children else None
            written = ctx.types.of(sc, arg) if arg is not None else None
            if name not in ("len", "cap") or not written \
                    or not re.match(r"^(\[|string$)", written):
                return False
        elif child.type in ("selector_expression", "index_expression", "slice_expression",
                            "unary_expression", "function_literal"):
            if child.type != "unary_expression" or ctx.text(child)[:1] in ("*", "<", "&"):
                return False
        elif child.type == "identifier" and sc.resolve(child) is None \
                and ctx.text(child) not in universe.NAMES and not _never_a_resource(ctx, child):
            return False
    return True


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
                  and ctx.text(n) == name and _is_assigned(n)]
        if written:
            return Verdict(Applicability.NONE,
                           f"{name} is assigned in the loop (line {_line(_node_of(written[0]))}), "
                           f"so {ctx.text(receiver)} may be a different lock each iteration: "
                           f"holding each one until the function returns may be deliberate")
    calls = [n for n in [receiver, *descendants(receiver)] if n.type == "call_expression"]
    if calls:
        by = "" if calls[0] == receiver else f" ({_normal_text(ctx, calls[0])})"
        return Verdict(Applicability.UNSAFE,
                       f"{ctx.text(receiver)} is looked up by a call each iteration{by}: if it "
                       f"is the same lock every time the loop deadlocks, but if not, holding "
                       f"each one until the function returns may be deliberate")
    return None


def _node_of(use_or_node) -> Node:
    return getattr(use_or_node, "node", use_or_node)


def _is_assigned(ident: Node) -> bool:
    names = ident.parent
    statement = names.parent if names is not None and names.type == "expression_list" \
        else names
    return statement is not None and statement.type in ("assignment", "short_var_declaration") \
        and statement.child_by_field_name("left") in (names, ident)


def _earlier_siblings(node: Node):
    sibling = node.prev_named_sibling
    while sibling is not None:
        yield sibling
        sibling = sibling.prev_named_sibling


def _normal(code: str) -> str:
    return re.sub(r"\s+", "", code)


# --- what a deferred call mentions -------------------------------------------------------------

def _mentions(ctx: FileContext, sc, call: Node, callee: Node):
    """(local variables the deferred call mentions, package-level names it reads)."""
    imports, constants, variables = ctx.package.file_names
    found: dict = {}
    package_level: list[str] = []
    for node in [call, *descendants(call)]:
        if node.type != "identifier":
            continue
        variable = sc.resolve(node)
        if variable is not None:
            if callee.type == "function_literal" and variable.declared_within(callee):
                continue
            found.setdefault(variable, None)
            continue
        name = ctx.text(node)
        if name in universe.NAMES or name in imports or name in constants:
            continue
        parent = node.parent
        if parent is not None and parent.type == "call_expression" \
                and parent.child_by_field_name("function") == node and name not in variables:
            continue  # a function of the package, called
        if parent is not None and parent.type == "keyed_element" \
                and parent.child_by_field_name("key") == node:
            continue  # probably a struct field name
        package_level.append(name)
    return list(found), list(dict.fromkeys(package_level))


# --- where a body variable comes from ---------------------------------------------------------

def _alias_of(ctx: FileContext, sc, body: Node, variable, depth: int = 0,
              bindings: dict | None = None, direct: bool = False) -> str:
    """How a variable declared in the body refers to a value from outside it ("files[i]"),
    or "" when it holds something new (a call's result, a literal, a received value)."""
    for ident in [variable.node, *(u.node for u in variable.uses if u.is_write)]:
        value = value_for(ident)
        if value is None:
            continue
        index = _result_index(ident, value)
        if index and direct:
            continue   # another call's result: something new
        origin = _returned_origin(ctx, sc, body, value, depth, index) if index \
            else _origin(ctx, sc, body, value, depth, bindings, direct)
        if origin:
            return origin
    return ""


def _set_through_address(body: Node, variable) -> str:
    """`pick(&r)`: what r holds may be set through its address, to anything."""
    for use in variable.addresses:
        if not use.partial and within(use.node, body):
            return f"its address is taken (line {use.line})"
    return ""


def _result_index(ident: Node, value: Node) -> int:
    """The position of `ident` among the names a multi-value call assigns (`c, err := f()`:
    1 for err), 0 otherwise."""
    names = ident.parent
    if value.type != "call_expression" or names is None or names.type != "expression_list":
        return 0
    statement = names.parent
    right = statement.child_by_field_name("right") if statement is not None else None
    if right is None or right.type == "expression_list" and len(right.named_children) > 1:
        return 0
    return [c for c in names.named_children].index(ident)


def _assigned_values(variable) -> list[Node]:
    """The expressions assigned to the whole variable (its declaration and later writes)."""
    values = []
    for use in [u for u in variable.uses if u.is_write] or []:
        value = value_for(use.node)
        if value is not None:
            values.append(value)
    declared = value_for(variable.node)
    if declared is not None and all(v != declared for v in values):
        values.append(declared)
    return values


def _origin(ctx: FileContext, sc, body: Node, expr: Node, depth: int,
            bindings: dict | None = None, direct: bool = False) -> str:
    """How `expr` refers to a value from outside `body` (its text), "built from …" when it
    is a new value holding one, or "" for something new. `direct` (in a callee's return):
    another call's result is new, not followed."""
    imports = _imports(ctx)
    node = expr
    while True:
        kind = node.type
        if kind == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        elif kind in ("selector_expression", "index_expression", "slice_expression",
                      "type_assertion_expression"):
            operand = node.child_by_field_name("operand")
            if kind == "selector_expression" and operand is not None \
                    and operand.type == "identifier" and sc.resolve(operand) is None \
                    and ctx.text(operand) in imports:
                return _normal_text(ctx, expr)  # os.Stdout and other package variables
            if operand is None:
                return ""
            node = operand
        elif kind == "unary_expression" and ctx.text(node)[:1] in ("&", "*"):
            node = node.child_by_field_name("operand")
            if node is None:
                return ""
        elif kind == "identifier":
            variable = sc.resolve(node)
            if bindings and variable in bindings:
                return bindings[variable]()   # a parameter: what the caller passed
            if variable is None:
                return "" if _never_a_resource(ctx, node) else _normal_text(ctx, expr)
            if not variable.declared_within(body):
                return _normal_text(ctx, expr)
            return _alias_of(ctx, sc, body, variable, depth + 1, bindings, direct) \
                if depth < 4 else ""
        elif kind == "composite_literal":
            for value in _literal_values(node.child_by_field_name("value")):
                if ctx.types.plain(ctx.types.of(sc, value)):
                    continue   # a copy of a string or a number shares nothing
                found = _origin(ctx, sc, body, value, depth + 1, bindings, direct) \
                    if depth < 4 else ""
                if found:
                    return f"built from {found.removeprefix('built from ')} " \
                           f"({_normal_text(ctx, expr)})"
            return ""
        elif kind == "call_expression" and ctx.types.is_conversion(node):
            node = node.child_by_field_name("arguments").named_children[0]
        elif kind == "call_expression":
            return "" if direct else _returned_origin(ctx, sc, body, node, depth, 0, bindings)
        else:
            return ""  # a literal, a received value: something new


def _never_a_resource(ctx: FileContext, ident: Node) -> bool:
    """A name that is not a local and not a package-level variable: a builtin, an imported
    package, or this file's constant, type or function."""
    name = ctx.text(ident)
    imports, constants, _ = ctx.package.file_names
    return name in universe.NAMES or name in imports or name in constants


def _returned_origin(ctx: FileContext, sc, body: Node, call: Node, depth: int, index: int,
                     bindings: dict | None = None) -> str:
    """For a call of the package's own function or method (followed a few calls deep): how
    what it returns at position `index` refers to a value from outside, seen from the caller
    (`s.conn()` returning the field `s.c`, `getDB()` returning a package variable, a helper
    returning its argument); "" for something new (another call's result, a literal)."""
    function = call.child_by_field_name("function")
    args_node = call.child_by_field_name("arguments")
    if function is None or args_node is None or depth >= 4:
        return ""
    operand = None
    if function.type == "identifier":
        if sc.resolve(function) is not None:
            return ""  # a func value
        name, kind = ctx.text(function), "function_declaration"
    elif function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        field_name = function.child_by_field_name("field")
        if operand is None or field_name is None or operand.type == "identifier" \
                and sc.resolve(operand) is None and ctx.text(operand) in _imports(ctx):
            return ""  # a function of another package
        name, kind = ctx.text(field_name), "method_declaration"
    else:
        return ""
    args = [c for c in args_node.named_children if c.type != "comment"]

    def caller(expr: Node):
        return lambda: _origin(ctx, sc, body, expr, depth + 1, bindings)

    receiver_type = ctx.types.of(sc, operand) if operand is not None else None
    for other, decl in ctx.types.methods(name, receiver_type) if operand is not None \
            else ctx.package.functions(name, method=kind == "method_declaration"):
        src, decl_body = other.src, decl.child_by_field_name("body")
        if decl_body is None:
            continue
        results = function_results(decl, src)
        if index < len(results) and ctx.types.plain(results[index].type):
            continue   # a string, number or error holds no resource
        callee_ctx = other
        callee_sc = callee_ctx.scopes(decl)
        if callee_sc is None:
            return f"{_normal_text(ctx, call)}, which cannot be followed"
        bound: dict = {}
        params = parameter_names(decl)
        for i, param in enumerate(params):
            variable = callee_sc.resolve(param)
            given = args[i:] if i == len(params) - 1 and is_variadic(decl) else \
                args[i:i + 1] if len(args) == len(params) else args[:1]
            if variable is not None:
                bound[variable] = (lambda given=given: next(
                    (o for a in given if (o := caller(a)())), ""))
        receiver = decl.child_by_field_name("receiver")
        for param in parameter_names(decl, receiver) if receiver is not None else []:
            variable = callee_sc.resolve(param)
            if variable is not None and operand is not None:
                bound[variable] = caller(operand)
        for ret in function_level(decl_body):
            if ret.type != "return_statement":
                continue
            values = return_values(ret)
            if len(results) > 1 and len(values) == len(results) \
                    and results[-1].type == "error" and values[-1].type != "nil":
                continue   # an error path: the caller does not use the other results
            for value in values[index:index + 1] if len(values) > 1 else values:
                found = _origin(callee_ctx, callee_sc, decl_body, value, depth + 1, bound,
                                direct=True)
                if found:
                    built = "built from " if found.startswith("built from ") else ""
                    return (f"{built}{_normal_text(ctx, call)}, which returns "
                            f"{_normal_text(callee_ctx, value)} (line {_line(ret)})")
    return ""


def _literal_values(literal_value: Node | None):
    """The element values of a composite literal's `{…}` (keys left out; elided inner
    literals opened)."""
    for child in literal_value.named_children if literal_value is not None else ():
        if child.type == "keyed_element":
            child = child.child_by_field_name("element") or child.named_children[-1]
        if child.type == "literal_value":
            yield from _literal_values(child)
        elif child.type != "comment":
            yield child


def _is_key(node: Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type == "keyed_element" \
        and parent.child_by_field_name("key") == node


def _normal_text(ctx: FileContext, node: Node) -> str:
    code = re.sub(r"\s+", " ", ctx.text(node))
    return code if len(code) <= 40 else code[:37] + "…"


# --- escape: may a per-iteration value outlive the iteration? --------------------------------

@dataclass
class _Region:
    """Where a value is followed: the loop body (skipping the defer statement itself), or,
    one call deeper, a function of the package that receives it as a parameter."""
    ctx: FileContext
    sc: object
    node: Node
    skip: Node | None = None
    depth: int = 0
    followed: tuple = ()   # (file, declaration, parameter) already being followed
    outer: frozenset = frozenset()   # in a callee: parameters bound to the caller's outer values

    @property
    def in_callee(self) -> bool:
        return self.depth > 0

    def local(self, variable) -> bool:
        return variable is not None and variable.declared_within(self.node) \
            and variable not in self.outer

    def holds_new(self, expr: Node | None) -> bool:
        """An argument that is the region's own value (a local that aliases nothing outside,
        a literal, a call's result), not one from outside it."""
        if expr is None:
            return False
        if expr.type in ("composite_literal", "call_expression", "int_literal",
                         "interpreted_string_literal", "raw_string_literal", "nil", "true",
                         "false", "float_literal", "func_literal", "function_literal"):
            return True
        root = root_identifier(expr)
        variable = self.sc.resolve(root) if root is not None else None
        return self.local(variable) and not _alias_of(self.ctx, self.sc, self.node, variable)


def _escape(ctx: FileContext, sc, body: Node, defer_stmt: Node, variable) -> str:
    """How `variable` (or a value built from it) may outlive the iteration, or ""."""
    return _escape_in(_Region(ctx, sc, body, defer_stmt), variable)


def _escape_in(region: _Region, variable) -> str:
    ctx, sc = region.ctx, region.sc
    siblings, outer = _declared_with(region, variable)
    if outer:
        return outer
    tainted = [variable, *siblings]
    built_from: dict[int, str] = {id(v): "" for v in tainted}
    derived: set[int] = set()   # variables holding something built from it, not it
    while tainted:
        current = tainted.pop()
        if current.kind == "result" and current is not variable:
            maybe = ", which may hold it," if id(current) in derived else ""
            return f"{current.name}, built from {variable.name}{maybe} is a result of the " \
                   f"function"
        if current is not variable and (_ERR_NAME.match(current.name)
                                       or ctx.types.plain(ctx.types.variable(sc, current))):
            continue  # an error, string, number or bool does not keep the resource
        for use in current.uses:
            node = use.node
            if not within(node, region.node) or node == current.node \
                    or region.skip is not None and within(node, region.skip):
                continue
            if use.is_write and not use.partial:
                continue
            where, part = _follow(region, node)
            if isinstance(where, str):
                if not where:
                    continue
                if (part or id(current) in derived) and not _BY_GOROUTINE.search(where):
                    # A goroutine using anything of it races with the release; a store of
                    # a part is only a suspicion.
                    held = part or current.name
                    return f"{held}, built from {variable.name}, is {where} and may hold it"
                if current is variable:
                    return f"{variable.name} is {where}"
                how = "built from" if built_from[id(current)] else "declared with"
                return f"{current.name}, {how} {variable.name}, is {where}"
            for new in where:
                if id(new) not in built_from and region.local(new):
                    built_from[id(new)] = current.name
                    if part or id(current) in derived:
                        derived.add(id(new))
                    tainted.append(new)
    return ""


_BY_GOROUTINE = re.compile(r"^((used|run|captured) by|passed to) a goroutine")


# Words of an escape description that only suspect the value is kept: a method of an outer
# value, a package-level variable, a function value, a literal that may be stored, a call too
# deep to follow. Every other description is a place the value certainly reaches (an outer
# variable, slice or channel, a goroutine, the function's results), where closing it each
# iteration breaks the code that uses it later: the fix is not offered, not even as unsafe.
_SUSPECTED = ("may ", "out of sight", "function value")


def _escape_is_certain(escape: str) -> bool:
    return not any(word in escape for word in _SUSPECTED)


def _declared_with(region: _Region, variable) -> tuple[list, str]:
    """The other variables one call sets together with `variable` (`ctx, cancel :=
    context.WithCancel(…)`): releasing one releases what the others hold (errors excluded).
    Also where such a sibling lives outside the region, which is an escape in itself."""
    found, sc = [], region.sc
    for ident in [variable.node, *(u.node for u in variable.writes)]:
        names = ident.parent
        statement = names.parent if names is not None and names.type == "expression_list" \
            else None
        if statement is None or statement.type not in ("short_var_declaration", "assignment"):
            continue
        right = statement.child_by_field_name("right")
        values = right.named_children if right is not None \
            and right.type == "expression_list" else [right]
        if len(values) != 1 or values[0] is None or values[0].type != "call_expression":
            continue
        for name in names.named_children:
            other = sc.resolve(name) if name.type == "identifier" else None
            if other is None or other is variable or _ERR_NAME.match(other.name):
                continue
            if not region.local(other):
                return [], (f"{other.name}, set together with {variable.name} (line "
                            f"{_line(statement)}), is declared outside the loop body")
            if other not in found:
                found.append(other)
    return found, ""


def _follow(region: _Region, ident: Node) -> tuple[str | list, str]:
    """Follow the value of `ident` up the expression tree: a description of where it escapes,
    "" when it is only read, or the region's variables it flows into; and, when what goes
    there is not the value itself but something built from it by a field, an element or a
    call's result (`r.name`, `size(r)`, `bufio.NewReader(r)`), the text of that expression:
    it may or may not hold the value."""
    trail: list[Node] = []
    where = _walk_up(region, ident, trail)
    derived = [n for n in trail if n.type in ("selector_expression", "index_expression",
                                              "slice_expression", "call_expression")
               or n.type == "unary_expression" and region.ctx.text(n).startswith("*")]
    return where, _normal_text(region.ctx, trail[-1]) if derived else ""


def _walk_up(region: _Region, ident: Node, trail: list[Node]):
    ctx, sc = region.ctx, region.sc
    literal = _escaping_literal(ctx, region.node, ident)
    node = ident
    if literal and region.in_callee:
        # In a callee the literal is a value like any other: follow where it goes (into a
        # result the caller follows, a local, or somewhere that keeps it).
        node = _outermost_literal(region.node, ident)
    elif literal:
        return literal
    while True:
        if node != ident:
            trail.append(node)
        if node != ident and ctx.types.holds_nothing(sc, node):
            return ""  # a string, number, bool or error: it does not keep the resource
        parent = node.parent
        if parent is None:
            return ""
        kind = parent.type
        if kind in ("parenthesized_expression", "literal_value", "keyed_element",
                    "composite_literal", "type_assertion_expression", "literal_element"):
            node = parent
        elif kind == "selector_expression":
            grand = parent.parent
            if grand is not None and grand.type == "call_expression" \
                    and grand.child_by_field_name("function") == parent:
                method = ctx.text(parent.child_by_field_name("field"))
                if _in_go(grand):
                    return f"used by a goroutine (line {_line(grand)})"
                if method in _VALUE_METHODS:
                    return ""
                if node == ident:   # a method of the value itself, not of one of its fields
                    kept = _callee_keeps(region, method, -1, method=True, call=grand,
                                         receiver_type=ctx.types.of(sc, node))
                    if kept:
                        return f"the receiver of {_normal_text(ctx, parent)}() (line " \
                               f"{_line(grand)}), where it is {kept}"
                node = grand
            else:
                node = parent
        elif kind in ("index_expression", "slice_expression"):
            if parent.child_by_field_name("operand") != node:
                return ""
            node = parent
        elif kind == "unary_expression":
            if ctx.text(parent)[:1] not in ("&", "*", "<"):
                return ""
            node = parent
        elif kind == "arguments":
            call = parent.parent
            result = _argument(region, call, node)
            if result is not None:
                return result
            node = call
        elif kind == "call_expression":
            if _in_go(parent):
                return f"run by a goroutine (line {_line(parent)})"
            return ""  # calling the value
        elif kind == "expression_list" or kind in ("return_statement", "assignment",
                                                    "short_var_declaration", "var_spec",
                                                    "send_statement", "range_clause"):
            return _statement_sink(region, node, parent)
        else:
            return ""


def _in_go(call: Node) -> bool:
    return call.parent is not None and call.parent.type == "go_statement"


def _argument(region: _Region, call: Node, arg: Node):
    """What passing `arg` to `call` does with it; None: the call's result carries it."""
    ctx, sc = region.ctx, region.sc
    if _in_go(call):
        return f"passed to a goroutine (line {_line(call)})"
    function = call.child_by_field_name("function")
    name = ctx.text(function) if function is not None else ""
    args = [c for c in call.child_by_field_name("arguments").named_children
            if c.type != "comment"]
    if name in ("append", "copy"):
        if args and args[0] != arg:
            target = root_identifier(args[0])
            variable = sc.resolve(target) if target is not None else None
            if not region.local(variable) or _alias_of(ctx, sc, region.node, variable):
                verb = "appended" if name == "append" else "copied"
                return f"{verb} to {ctx.text(args[0])} (line {_line(call)})"
            return [variable]
        return None if name == "append" else ""
    if name in universe.NAMES or _NON_RETAINING_FUNCS.match(name):
        return ""
    if function is not None and function.type == "selector_expression":
        method = ctx.text(function.child_by_field_name("field"))
        operand = function.child_by_field_name("operand")
        root = root_identifier(operand)
        receiver = sc.resolve(root) if root is not None else None
        if method in _NON_STORING_METHODS:
            return ""
        if receiver is None:
            if root is not None and ctx.text(root) not in _imports(ctx):
                return (f"passed to {_normal_text(ctx, function)} (line {_line(call)}), which "
                        f"may keep it in the package-level {ctx.text(root)}")
            return None  # a function of another package: its result may wrap the argument
        if not region.local(receiver) or _alias_of(ctx, sc, region.node, receiver):
            return (f"passed to {_normal_text(ctx, function)} (line {_line(call)}), which may "
                    f"keep it in {receiver.name}")
        kept = _callee_keeps(region, method, args.index(arg) if arg in args else 0,
                             method=True, call=call,
                             receiver_type=ctx.types.of(sc, operand))
        if kept:
            return f"passed to {_normal_text(ctx, function)} (line {_line(call)}), where it is {kept}"
        return [receiver]
    index = args.index(arg) if arg in args else -1
    if function is not None and function.type == "function_literal":
        kept = _literal_keeps(region, [function], index)
        return f"passed to the func literal at line {_line(call)}, where it is {kept}" \
            if kept else None
    if function is not None and function.type == "identifier":
        local = sc.resolve(function)
        if local is not None:
            if not region.local(local):
                return f"passed to the function value {local.name} (line {_line(call)})"
            literals = [v for v in _assigned_values(local) if v.type == "function_literal"]
            if len(literals) != len(_assigned_values(local)):
                return f"passed to the function value {local.name} (line {_line(call)})"
            kept = _literal_keeps(region, literals, index)
            return f"passed to {local.name} (line {_line(call)}), where it is {kept}" \
                if kept else None
        kept = _callee_keeps(region, name, args.index(arg) if arg in args else -1, call=call)
        if kept:
            return f"passed to {name} (line {_line(call)}), where it is {kept}"
    return None


_CALL_DEPTH = 8   # package functions followed this many calls deep; deeper is out of sight


def _literal_keeps(region: _Region, literals: list[Node], index: int) -> str:
    """Whether one of the region's func literals lets its parameter number `index` escape."""
    for literal in literals:
        params = parameter_names(literal)
        if index < 0 or not params:
            return "out of sight (an argument the analysis cannot pair with a parameter)" \
                if index < 0 else ""
        variable = region.sc.resolve(params[min(index, len(params) - 1)])
        if variable is None:
            return "out of sight (its parameter cannot be followed)"
        if region.depth >= _CALL_DEPTH:
            return f"out of sight (more than {_CALL_DEPTH} calls deep)"
        escape = _escape_in(_Region(region.ctx, region.sc, literal, None, region.depth + 1,
                                    region.followed, region.outer), variable)
        if escape:
            return escape.split(" is ", 1)[-1]
    return ""


def _callee_keeps(region: _Region, name: str, index: int, method: bool = False,
                  call: Node | None = None, receiver_type: str | None = None) -> str:
    """Whether the package's function `name` (or, with `method`, every method of that name)
    lets its parameter number `index` (-1: the receiver) escape, followed up to _CALL_DEPTH
    calls deep; a function deeper than that is taken to keep it."""
    declarations = region.ctx.types.methods(name, receiver_type) if method \
        else region.ctx.package.functions(name)
    for other, decl in declarations:
        src = other.src
        if region.depth >= _CALL_DEPTH:
            return f"out of sight ({name} is more than {_CALL_DEPTH} calls deep)"
        if index < 0:
            receiver = decl.child_by_field_name("receiver")
            params = parameter_names(decl, receiver) if receiver is not None else []
            if not params:
                continue  # an unnamed receiver cannot be kept
            param = params[0]
        else:
            params = parameter_names(decl)
            if index >= len(params) and not (params and is_variadic(decl)):
                continue
            param = params[min(index, len(params) - 1)]
        key = (other.path, decl.start_byte, param.start_byte)
        if key in region.followed:
            continue  # a recursive call adds no place to keep it
        ctx = other
        sc = ctx.scopes(decl)
        variable = sc.resolve(param) if sc is not None else None
        if variable is None:
            return "out of sight (its parameter cannot be followed)"
        outer = _outer_parameters(region, call, decl, sc, variable)
        escape = _escape_in(_Region(ctx, sc, decl, None, region.depth + 1,
                                    (*region.followed, key), outer), variable)
        if escape:
            return escape.split(" is ", 1)[-1]
    return ""


def _outer_parameters(region: _Region, call: Node | None, decl: Node, sc, followed
                      ) -> frozenset:
    """The callee's parameters (and receiver) that the caller binds to values from outside
    its region: storing the resource in one of them lets it escape (`register(reg, r)`)."""
    if call is None or sc is None:
        return frozenset()
    args_node = call.child_by_field_name("arguments")
    args = [c for c in args_node.named_children if c.type != "comment"] \
        if args_node is not None else []
    function = call.child_by_field_name("function")
    operand = function.child_by_field_name("operand") \
        if function is not None and function.type == "selector_expression" else None
    bound: list[tuple[Node, Node | None]] = []
    params = parameter_names(decl)
    for i, param in enumerate(params):
        bound.append((param, args[i] if i < len(args) else None))
    receiver = decl.child_by_field_name("receiver")
    for param in parameter_names(decl, receiver) if receiver is not None else []:
        bound.append((param, operand))
    outer = set()
    for param, arg in bound:
        variable = sc.resolve(param)
        if variable is not None and variable is not followed and not region.holds_new(arg):
            outer.add(variable)
    return frozenset(outer)


def _statement_sink(region: _Region, node: Node, parent: Node):
    ctx, sc = region.ctx, region.sc
    statement = parent.parent if parent.type == "expression_list" else parent
    if statement is None:
        return ""
    kind = statement.type
    if kind == "return_statement":
        # In a callee, returning the parameter hands it back to the caller's expression.
        return "" if region.in_callee else f"returned (line {_line(statement)})"
    if kind == "send_statement":
        if statement.child_by_field_name("value") in (node, parent):
            return f"sent on a channel (line {_line(statement)})"
        return ""
    if kind in ("assignment", "short_var_declaration", "range_clause"):
        right = statement.child_by_field_name("right")
        if right is None or not within(node, right):
            return ""
        left = statement.child_by_field_name("left")
        targets = _paired_targets(left, right, node)
        found = []
        for target in targets:
            if target.type == "identifier" and ctx.text(target) == "_":
                continue
            root = root_identifier(target)
            variable = sc.resolve(root) if root is not None else None
            if not region.local(variable) or target.type != "identifier" \
                    and _alias_of(ctx, sc, region.node, variable):
                return f"stored in {_normal_text(ctx, target)} (line {_line(statement)})"
            if target.type == "identifier" and _ERR_NAME.match(variable.name) \
                    and len(targets) > 1:
                continue
            found.append(variable)
        return found
    if kind == "var_spec":
        names = [c for i, c in enumerate(statement.children)
                 if statement.field_name_for_child(i) == "name"]
        return [v for n in names if (v := sc.resolve(n)) is not None]
    return ""


def _paired_targets(left: Node | None, right: Node, value: Node) -> list[Node]:
    if left is None:
        return []
    names = left.named_children if left.type == "expression_list" else [left]
    values = right.named_children if right.type == "expression_list" else [right]
    if len(names) == len(values):
        for name, item in zip(names, values):
            if within(value, item):
                return [name]
        return []
    return names


def _outermost_literal(body: Node, ident: Node) -> Node:
    literal = ident
    for parent in parsing.ancestors(ident):
        if parent == body:
            break
        if parent.type == "function_literal":
            literal = parent
    return literal


def _escaping_literal(ctx: FileContext, body: Node, ident: Node) -> str:
    """When `ident` is inside a func literal of the body: "" if the literal runs within the
    iteration (called on the spot, or deferred), else where it escapes."""
    literal = None
    for parent in parsing.ancestors(ident):
        if parent == body:
            break
        if parent.type == "function_literal":
            literal = parent
    if literal is None:
        return ""
    call = literal.parent
    if call is not None and call.type == "call_expression" \
            and call.child_by_field_name("function") == literal:
        if _in_go(call):
            return f"captured by a goroutine (line {_line(call)})"
        return ""
    return f"captured by the func literal at line {_line(literal)}, which may outlive the " \
           f"iteration"


# --- a non-nil error (for the `if err := …; err != nil` form) ---------------------------------

def _certainly_not_nil(sc, body: Node, stmt: Node, expr: Node) -> bool:
    node = expr
    while node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        return function is not None and function.text in (b"fmt.Errorf", b"errors.New")
    if node.type == "composite_literal":
        return True
    if node.type == "unary_expression" and node.text[:1] == b"&":
        operand = node.child_by_field_name("operand")
        return operand is not None and operand.type == "composite_literal"
    if node.type != "identifier" or sc is None:
        return False
    variable = sc.resolve(node)
    if variable is None:
        return False
    for parent in parsing.ancestors(stmt):
        if parent == body:
            return False
        if parent.type != "if_statement":
            continue
        consequence = parent.child_by_field_name("body")
        condition = parent.child_by_field_name("condition")
        if consequence is None or condition is None or not within(stmt, consequence):
            continue
        if _proves_not_nil(sc, condition, variable):
            changed = [u for u in variable.possible_writes
                       if condition.end_byte <= u.start < stmt.start_byte]
            captured = any(u.is_write for lit in variable.capturing_literals
                           for u in variable.captured_uses(lit))
            return not changed and not captured
    return False


def _proves_not_nil(sc, condition: Node, variable) -> bool:
    node = condition
    while node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    if node.type != "binary_expression":
        return False
    operator = node.child_by_field_name("operator")
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return False
    if operator.type == "&&":
        return _proves_not_nil(sc, left, variable) or _proves_not_nil(sc, right, variable)
    if operator.type != "!=":
        return False
    for side, other in ((left, right), (right, left)):
        if side.type == "identifier" and other.text == b"nil" and sc.resolve(side) == variable:
            return True
    return False
