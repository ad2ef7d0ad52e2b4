"""The types stage's second analysis runs only the rules that read go/types answers: the
findings of a rule that read none on a text are reused (codemod/analyze.py, Job.reuse), and
are what running it again would find. A rule that uses a shared analysis another rule
computed from answers read them too, and runs again."""

from __future__ import annotations

from pathlib import Path

from codemod.analysis.gotypes.answers import OTHER, Unavailable
from codemod.analyze import Job, analyze, content_digest
from codemod.context import FileContext, Rule
from codemod.model import Applicability

_DEFER_CALL = "(defer_statement call: (call_expression) @call) @defer"
CALLS: list[str] = []     # the rules' find() calls, in order


class _Module:
    def __init__(self, rule_id: str, find) -> None:
        self.RULE = Rule(rule_id, f"test rule {rule_id}", ("safe",))
        self.find = find


def _typed(ctx: FileContext) -> str:
    """What go/types says of the first deferred call (a shared analysis from answers)."""
    def compute() -> str:
        match = ctx.matches(_DEFER_CALL)
        return ctx.types.call(match[0]["call"][0]).reason if match else ""
    return ctx._cached("test-typed", compute)


def _asker(ctx: FileContext):
    CALLS.append("asker")
    said = _typed(ctx)
    return [ctx.finding("asker", m["defer"][0], f"asked: {said}") for m in ctx.matches(_DEFER_CALL)]


def _user(ctx: FileContext):
    """Reads no answer itself, only what the asker's shared analysis made of them."""
    CALLS.append("user")
    said = _typed(ctx)
    return [ctx.finding("user", m["defer"][0], f"shared: {said}") for m in ctx.matches(_DEFER_CALL)]


def _plain(ctx: FileContext):
    CALLS.append("plain")
    return [ctx.finding("plain", m["defer"][0], "plain",
                        ctx.fix(Applicability.UNSAFE, "drop it", [ctx.replace(m["defer"][0], "")]))
            for m in ctx.matches(_DEFER_CALL)]


asker = _Module("asker", _asker)
user = _Module("user", _user)
plain = _Module("plain", _plain)
RULES = [f"{__name__}:asker", f"{__name__}:user", f"{__name__}:plain"]

SRC = b"package p\n\nfunc f(g func()) {\n\tdefer g()\n}\n"


def _messages(result) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in result.findings]


def test_the_second_analysis_runs_only_the_rules_that_read_answers(tmp_path: Path):
    path = tmp_path / "p.go"
    path.write_bytes(SRC)
    job = Job(path=str(path), transforms=RULES, stop_when_pending=True)
    CALLS.clear()
    first = analyze(job)
    assert first.questions and first.question_text == SRC
    assert CALLS == ["asker", "user", "plain"]
    # Only the rule that read nothing is reusable: the user read the asker's typed analysis.
    (version, _origin, reusable, _settled), = first.reusable.values()
    assert set(reusable) == {"plain"}

    answer = Unavailable("typed: the answer", OTHER)
    digest = content_digest(SRC)
    job.answers = {digest: {q: answer for q in first.questions}}
    job.stop_when_pending = False
    job.reuse = first.reusable
    CALLS.clear()
    second = analyze(job)
    assert CALLS == ["asker", "user"]
    assert ("user", "shared: typed: the answer") in _messages(second)

    fresh_job = Job(path=str(path), transforms=RULES, answers=job.answers)
    CALLS.clear()
    fresh = analyze(fresh_job)
    assert CALLS == ["asker", "user", "plain"]
    assert second == fresh


def test_findings_are_reused_only_for_the_same_text(tmp_path: Path):
    path = tmp_path / "p.go"
    path.write_bytes(SRC)
    job = Job(path=str(path), transforms=RULES, stop_when_pending=True)
    first = analyze(job)
    changed = SRC.replace(b"g()", b"g( )")
    path.write_bytes(changed)           # changed between the rounds: nothing is reused
    job.answers, job.reuse, job.stop_when_pending = {}, first.reusable, False
    CALLS.clear()
    analyze(job)
    assert CALLS == ["asker", "user", "plain"]
