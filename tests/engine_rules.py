"""Test-only transforms that exercise the engine: a fix that breaks go vet, one that breaks
the syntax, overlapping fixes, a rule that never converges, and rules with a bug (one that
raises, a fix the engine cannot apply, a finding the output cannot render)."""

from __future__ import annotations

import dataclasses

from codemod.context import FileContext, Rule
from codemod.model import Applicability

_DEFER_CALL = "(defer_statement call: (call_expression) @call) @defer"


class _Module:
    def __init__(self, rule_id: str, find) -> None:
        self.RULE = Rule(rule_id, f"test rule {rule_id}", ("safe",))
        self.find = find


def _replace_each_defer(rule_id: str, new_call: str):
    def find(ctx: FileContext):
        return [ctx.finding(rule_id, m["defer"][0], "test finding",
                            ctx.fix(Applicability.SAFE, "test fix",
                                    [ctx.replace(m["call"][0], new_call)]))
                for m in ctx.matches(_DEFER_CALL)]
    return find


# `defer fmt.Printf("%d", "x")`: parses and formats, but go vet's printf check rejects it.
vet_breaker = _Module("vet-breaker", _replace_each_defer("vet-breaker",
                                                         'fmt.Printf("%d\\n", "x")'))
# An unbalanced parenthesis: gofmt rejects it.
syntax_breaker = _Module("syntax-breaker", _replace_each_defer("syntax-breaker", "f(("))
# Renames the deferred call to done(): verifiable when the package has a done().
renamer = _Module("renamer", _replace_each_defer("renamer", "done()"))


def _never_converges(ctx: FileContext):
    match = ctx.matches(_DEFER_CALL)
    if not match:
        return []
    node = match[0]["defer"][0]
    return [ctx.finding("spinner", node, "always more",
                        ctx.fix(Applicability.SAFE, "add a blank statement",
                                [ctx.insert(node.start_byte, ";")]))]


spinner = _Module("spinner", _never_converges)


def _overlapping(ctx: FileContext):
    """Two fixes on the same defer: the second waits for the next pass and is found again."""
    findings = []
    for m in ctx.matches(_DEFER_CALL):
        call = m["call"][0]
        text = ctx.text(call)
        if text.startswith("a("):
            # The same change over different ranges (the call, the statement): they overlap.
            # (The same edit twice would be shared, made once.)
            for rule_id, node, new in (("overlap-1", call, "b" + text[1:]),
                                       ("overlap-2", m["defer"][0], "defer b" + text[1:])):
                findings.append(ctx.finding(rule_id, m["defer"][0], "rename a",
                                            ctx.fix(Applicability.SAFE, "a -> b",
                                                    [ctx.replace(node, new)])))
        elif text.startswith("b("):
            findings.append(ctx.finding("overlap-2", m["defer"][0], "rename b",
                                        ctx.fix(Applicability.SAFE, "b -> c",
                                                [ctx.replace(call, "c" + text[1:])])))
    return findings


overlapping = _Module("overlap", _overlapping)


def _selective(ctx: FileContext):
    """`defer bad()` gets a fix that go vet rejects; `defer a()` gets a good one."""
    findings = []
    for m in ctx.matches(_DEFER_CALL):
        call = m["call"][0]
        new = {"bad()": 'fmt.Printf("%d\\n", "x")', "a()": "b()"}.get(ctx.text(call))
        if new:
            findings.append(ctx.finding("selective", m["defer"][0], "test finding",
                                        ctx.fix(Applicability.SAFE, "test fix",
                                                [ctx.replace(call, new)])))
    return findings


selective = _Module("selective", _selective)


def _shift_then_break(ctx: FileContext):
    """`defer done()` gets a safe fix that adds a line above it (moving what follows) and
    calls finish() instead; `defer other()` an unsafe fix that go vet rejects (as
    vet_breaker's)."""
    findings = []
    for m in ctx.matches(_DEFER_CALL):
        call, defer = m["call"][0], m["defer"][0]
        if ctx.text(call) == "done()":
            fix = ctx.fix(Applicability.SAFE, "add a line",
                          [ctx.replace(defer, "_ = 0\n\tdefer finish()")])
        elif ctx.text(call) != "other()":
            continue
        else:
            fix = ctx.fix(Applicability.UNSAFE, "break vet",
                          [ctx.replace(call, 'fmt.Printf("%d\\n", "x")')])
        findings.append(ctx.finding("shift-then-break", defer, "test finding", fix))
    return findings


shift_then_break = _Module("shift-then-break", _shift_then_break)


# --- rules with a bug (issue 12): they run in the real CLI through DEFERFIX_TEST_RULES -------

RAISE_MARKER = "deferfix-test: raise"


def _raising(ctx: FileContext):
    """A report-only finding per defer, and a KeyError (a rule's bug) in a file that holds
    RAISE_MARKER, after the first finding is made."""
    for m in ctx.matches(_DEFER_CALL):
        yield ctx.finding("raiser", m["defer"][0], "test finding",
                          ctx.fix(Applicability.NONE, "report only", reason="a test"))
        if RAISE_MARKER.encode() in ctx.src:
            {}["no such key"]


raiser = _Module("raiser", _raising)


def _edit_past_the_end(ctx: FileContext):
    """In a file that holds RAISE_MARKER, a safe fix whose edit lies past the end of the
    file: the engine, not the rule, fails when it applies it."""
    if RAISE_MARKER.encode() not in ctx.src:
        return []
    return [ctx.finding("bad-edit", m["defer"][0], "test finding",
                        ctx.fix(Applicability.SAFE, "test fix",
                                [ctx.insert(len(ctx.src) + 10, "x")]))
            for m in ctx.matches(_DEFER_CALL)]


bad_edit = _Module("bad-edit", _edit_past_the_end)


def _bytes_message(ctx: FileContext):
    """A finding whose message is bytes, not text: what renders it fails (json), in the
    main process, after every file is analysed."""
    return [dataclasses.replace(ctx.finding("bytes-message", m["defer"][0], "x"),
                                message=b"not text")
            for m in ctx.matches(_DEFER_CALL)]


bytes_message = _Module("bytes-message", _bytes_message)


KILL_MARKER = "deferfix-test: kill the worker"


def _kill_the_worker(ctx: FileContext):
    """In a worker process, on a file that holds KILL_MARKER: SIGKILL to itself, as the
    kernel's out-of-memory killer would send. Nothing anywhere else."""
    import multiprocessing
    import os
    import signal
    if KILL_MARKER.encode() in ctx.src and multiprocessing.parent_process() is not None:
        os.kill(os.getpid(), signal.SIGKILL)
    return []


killer = _Module("killer", _kill_the_worker)
