"""One file through the rules: read, skip early, parse, find, and fix in passes.

This runs in worker processes. It returns plain data (`FileResult`) and never writes.
Passes repeat while fixes apply: fixes whose edits overlap an earlier fix wait for the next
pass, where the rules run again on the new text. A file that still changes after
`MAX_PASSES` is reported as "did not converge" and keeps the text of the last pass.

go/types answers come with the job (`Job.answers`, by the digest of the text they are
about). A pass whose rules ask questions that are not answered yet reads them as
unavailable (the rules' syntactic fallback); with `Job.stop_when_pending` the analysis
stops there and returns the questions (`FileResult.questions`, about `question_text`), for
the engine to ask the types service and analyse the file again (codemod/typestage.py).

A rule is a pure function of the texts and of the answers it reads, so the findings of a rule
that read no answer on a text (`FileAnswers.reads` unchanged over its find(), a shared
analysis computed from answers counting as a read, see FileContext._cached) are the same in
the next analysis of that text: a stopped analysis hands them back (`FileResult.reusable`),
and the next one (`Job.reuse`) runs only the rules that read answers. Every rule's findings
are still combined, filtered, chosen and applied together, as in any pass.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from dataclasses import dataclass, field
from typing import Callable, Sequence

from . import internal, parsing, suppress
from .analysis.gotypes.answers import NO_TYPES, Answer, Unavailable
from .analysis.gotypes.record import FileAnswers
from .analysis.gotypes.service import Question
from .analysis.package import Directory
from .context import FileContext, Transform
from .discovery import display_path, file_kind, is_generated, package_clause
from .edits import apply_edits, choose_compatible, unique_edits
from .goversion import Version, file_version
from .model import Applicability, Finding, Fix

MAX_PASSES = 8


@dataclass
class Job:
    path: str                             # absolute path
    transforms: Sequence[str]             # module names of the chosen rules
    apply: frozenset[str] = frozenset()   # applicabilities to apply: {"safe"} or {"safe","unsafe"}
    go_version: Version | None = None     # --go-version
    include_generated: bool = False
    # Apply only these first-pass findings (by key), in one pass; None means all, in passes.
    only: frozenset[tuple] | None = None
    # The text to analyse instead of the file's (stdin mode); a cache must key on it.
    content: bytes | None = None
    # Called with the bytes read and their stat (taken before reading) when set: the result
    # cache's record of what was analysed (cache.record_read), kept as `FileResult.read`.
    record_read: Callable[[bytes, os.stat_result], object] | None = None
    # Why no fix of this file may be written, when none may (a symlink that leads out of the
    # tree): its fixes are turned into report-only ones with this reason.
    report_only: str = ""
    # Ask go/types (False: --no-types, `types = false`): the rules use the syntax alone.
    types: bool = True
    # go/types answers: sha256 of a text -> question -> answer (the engine's types stage).
    answers: dict[bytes, dict[Question, Answer]] | None = None
    # Stop at the first pass that asks a question not answered yet (see the docstring).
    stop_when_pending: bool = False
    # Findings of the rules that read no answer, from an earlier analysis of this job: sha256
    # of a text -> (language version, its origin, rule id -> findings on that text, rule id
    # -> the results of its units computed without answers: FileContext.settled).
    reuse: dict[bytes, tuple] | None = None
    # --new-from-rev: the lines of the file (1-based, inclusive ranges) that are new; only
    # findings whose statement touches one are reported and fixed. None: every line counts.
    new_lines: tuple[tuple[int, int], ...] | None = None


TYPES_OFF = Unavailable("types were not available: they are off (--no-types, or types = false "
                        "in .deferfix.toml)", NO_TYPES)


@dataclass
class FileResult:
    path: str
    display: str
    findings: list[Finding] = field(default_factory=list)  # on the original text
    original: bytes | None = None        # set when there is a new text
    new: bytes | None = None
    applied: list[Finding] = field(default_factory=list)   # first-pass findings whose fix applied
    remaining: list[Finding] = field(default_factory=list)  # found on the final text
    passes: int = 0
    notes: list[str] = field(default_factory=list)  # skipped functions, non-convergence
    skipped: str = ""                     # why the whole file was skipped, if it was
    syntax_errors: list[int] = field(default_factory=list)  # lines of skipped declarations
    # (line, column) of the file's first syntax error: its fixes are report-only, it is never
    # written (a file that does not parse cannot be verified).
    parse_error: tuple[int, int] | None = None
    error: str = ""                       # a one-line error: unreadable and the like
    # Bugs met on the way (codemod/internal.py): (one-line message, traceback) of a rule
    # that raised (its findings for this file are left out) or of the file's analysis.
    internal_errors: list[tuple[str, str]] = field(default_factory=list, compare=False)
    go_version: Version | None = None
    unused_suppressions: list[suppress.Suppression] = field(default_factory=list)
    # With Job.record_read: what it made of the bytes read (the cache's bookkeeping, not
    # part of what a rule found).
    read: object = field(default=None, compare=False)
    # The verdicts read go/types answers (typed or not): the result holds only while what
    # the answers depend on is unchanged, `types_stamp` of the directories `types_watch`
    # (codemod/typestage.py; an empty stamp: not to be cached).
    types_used: bool = False
    types_watch: tuple[str, ...] = ()
    types_stamp: bytes = field(default=b"", compare=False)
    # With Job.stop_when_pending: the questions of the pass that stopped, about this text.
    questions: list[Question] = field(default_factory=list, compare=False)
    question_text: bytes | None = field(default=None, compare=False)
    # With the questions: the findings of the rules that read no answer, for Job.reuse.
    reusable: dict[bytes, tuple] | None = field(default=None, compare=False)


def read_regular(path: str) -> tuple[bytes | None, os.stat_result]:
    """The bytes of the file at `path` and its stat taken before reading; None for the bytes
    when it is not a regular file (a FIFO put in its place is never waited on)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        return (handle.read() if stat.S_ISREG(info.st_mode) else None), info


def content_digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


_IDENTIFIER_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz"
                              b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_STATEMENT_STARTS = frozenset(b"\n;{:/")   # `/`: after a comment, or in one (a needless parse)


def _holds(src: bytes, needle: bytes) -> bool:
    """Whether `src` holds `needle`; the keyword `defer` counts only where a statement can
    start (after a newline, `;`, `{`, a label's or case's `:`, or a comment) and as a whole
    word, so a file that only says "deferred" in its comments is not parsed."""
    if needle != b"defer":
        return needle in src
    start = src.find(needle)
    while start >= 0:
        end = start + len(needle)
        if end == len(src) or src[end] not in _IDENTIFIER_BYTES and src[end] < 0x80:
            before = start - 1
            while before >= 0 and src[before] in b" \t\r":
                before -= 1
            if before < 0 or src[before] in _STATEMENT_STARTS:
                return True
        start = src.find(needle, end)
    return False


def _wanted(src: bytes, transforms: Sequence[Transform]) -> bool:
    """Whether some rule may find something in `src`: it holds `recover`, or one of a rule's
    needles and what that rule's `wants` asks of the bytes (codemod.context.Rule)."""
    held: dict[bytes, bool] = {}

    def holds(needle: bytes) -> bool:
        if needle not in held:
            held[needle] = _holds(src, needle)
        return held[needle]

    return holds(b"recover") or any(
        any(holds(needle) for needle in t.rule.needles)
        and (t.rule.wants is None or t.rule.wants(src)) for t in transforms)


def _find(ctx: FileContext, transforms: Sequence[Transform], failed: set[str],
          result: FileResult, reuse: dict[str, list[Finding]] | None = None,
          record: dict[str, list[Finding]] | None = None,
          settled: dict[str, dict] | None = None,
          settled_record: dict[str, dict] | None = None) -> list[Finding]:
    """The findings of the rules on `ctx`. A rule that raises (a bug) is added to `failed`
    and left out of this file from then on, with an internal error in `result`; the other
    rules go on. A rule in `reuse` is not run: its findings on this text are those. With
    `record`, the findings of each rule that read no answer are put there. `settled`: per
    rule, the results of the units an earlier analysis of this text computed without
    answers (FileContext.settled); with `settled_record`, this analysis's are put there."""
    findings: list[Finding] = []
    for transform in transforms:
        rule_id = transform.rule.id
        if rule_id in failed:
            continue
        if reuse is not None and rule_id in reuse:
            findings.extend(reuse[rule_id])
            continue
        reads = ctx.answers.reads
        ctx.settled_before = (settled or {}).get(rule_id, {})
        ctx.settled_now = dict(ctx.settled_before)
        try:
            found = list(transform.find(ctx))
        except Exception as exc:
            failed.add(rule_id)
            result.internal_errors.append(internal.in_rule(rule_id, exc))
            continue
        finally:
            ctx.settled_before = {}
        kept = [f for f in found if not ctx.in_broken(f.start, f.end)]
        if record is not None and ctx.answers.reads == reads:
            record[rule_id] = kept
        if settled_record is not None and ctx.settled_now:
            settled_record[rule_id] = ctx.settled_now
        ctx.settled_now = {}
        findings.extend(kept)
    findings.sort(key=lambda f: (f.start, f.rule, f.end))
    return findings


def _binary(src: bytes, parsed: bool = False) -> str:
    """Why `src` is clearly not Go source but some binary that is named .go, else "". A NUL
    byte (which Go source never holds) is looked for in every file; text that is not UTF-8
    and has no package clause only in a file that is about to be parsed."""
    nul = src.find(b"\0")
    if nul >= 0:
        return f"binary: a NUL byte at offset {nul}, not Go source"
    if parsed and not package_clause(src):
        try:
            src.decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"binary: not UTF-8 (offset {exc.start}) and no package clause, not Go source"
    return ""


def _report_only(findings: list[Finding], reason: str) -> list[Finding]:
    """The findings with every safe or unsafe fix turned into a report-only one, for `reason`
    (report-only fixes keep theirs)."""
    return [f if f.fix is None or f.fix.applicability is Applicability.NONE else
            dataclasses.replace(f, fix=Fix(Applicability.NONE, f.fix.description, (), reason))
            for f in findings]


def _no_op(content: bytes, finding: Finding) -> bool:
    return all(content[e.start:e.end] == e.replacement for e in finding.fix.edits)


def analyze(job: Job, directory: Directory | None = None) -> FileResult:
    """`directory`: the files of the job's directory, shared by the jobs of one task (the
    runner builds it); a new one when None. An exception is a bug: the file's result is
    only that internal error (codemod/internal.py)."""
    try:
        return _analyze(job, directory)
    except Exception as exc:
        result = FileResult(path=job.path, display=display_path(job.path))
        result.internal_errors.append(internal.in_file(exc))
        return result


def _analyze(job: Job, directory: Directory | None) -> FileResult:
    from .registry import load_module, rule_ids

    display = display_path(job.path)
    result = FileResult(path=job.path, display=display)
    try:
        if job.content is not None:
            src = job.content
        else:
            src, info = read_regular(job.path)
            if src is None:
                result.skipped = f"not a regular file: a {file_kind(info.st_mode)}"
                return result
            if job.record_read is not None:
                result.read = job.record_read(src, info)
    except OSError as exc:
        result.error = f"cannot read: {exc.strerror or exc}"
        return result
    result.skipped = _binary(src)
    if result.skipped:
        return result
    transforms = [load_module(name) for name in job.transforms]
    if not _wanted(src, transforms):
        result.skipped = "no defer"
        return result
    result.skipped = _binary(src, parsed=True)
    if result.skipped:
        return result
    if not job.include_generated and is_generated(src):
        result.skipped = "generated"
        return result
    version, origin = file_version(job.path, src, job.go_version)
    result.go_version = version

    content = src
    history: list[list] = []    # the edits of each pass, to place a later pass's findings
    failed: set[str] = set()   # rules that raised on this file
    # Rule findings that read no answer, per text (see the docstring); only in typed rounds.
    reusable: dict[bytes, tuple] | None = {} if job.stop_when_pending else None
    for pass_no in range(MAX_PASSES + 1):
        answers = _answers_for(job, content)
        ctx = FileContext(display, content, version, origin, directory=directory,
                          answers=answers)
        reuse = record = settled = settled_record = None
        if job.types and (reusable is not None or job.reuse):
            digest = content_digest(content)
            earlier = (job.reuse or {}).get(digest)
            if earlier is not None and earlier[:2] == (version, origin):
                reuse, settled = earlier[2], earlier[3]
            if reusable is not None:
                record = dict(reuse or {})
                settled_record = dict(settled or {})
                reusable[digest] = (version, origin, record, settled_record)
        raw = _find(ctx, transforms, failed, result, reuse, record, settled, settled_record)
        result.types_used = result.types_used or answers.used
        if answers.pending and job.stop_when_pending:
            result.questions = sorted(answers.pending, key=lambda q: (q.start, q.end, q.kind))
            result.question_text = content
            result.reusable = reusable
            return result
        suppressions = suppress.parse(content, ctx.root)
        findings = suppress.filter_findings(raw, suppressions)
        if job.new_lines is not None:
            findings = [f for f in findings if _on_new_lines(job.new_lines, src, history,
                                                             f.start, f.end)]
        if pass_no == 0:
            result.findings = findings
            result.unused_suppressions = suppress.unused(
                raw, suppressions, rule_ids(), [t.rule.id for t in transforms])
            result.syntax_errors = [line for _, _, line in ctx.broken_ranges()]
            result.notes.extend(f"skipped the declaration at line {line}: syntax error"
                                for line in result.syntax_errors)
            result.parse_error = parsing.first_error(ctx.root)
            held = "the file does not parse at %d:%d" % result.parse_error \
                if result.parse_error else job.report_only
            if held:
                result.findings = result.remaining = _report_only(findings, held)
                if job.report_only and job.apply and result.findings != findings:
                    result.notes.append(f"not written: {job.report_only}")
                break
        result.remaining = findings
        if pass_no == MAX_PASSES:
            result.notes.append(f"did not converge after {MAX_PASSES} passes")
            break
        candidates = [f for f in findings
                      if f.fix is not None and f.fix.applicability.value in job.apply
                      and f.fix.applicability is not Applicability.NONE
                      and not _no_op(content, f)]
        if job.only is not None:
            candidates = [f for f in candidates if f.key in job.only] if pass_no == 0 else []
        chosen = choose_compatible(candidates)
        if not chosen:
            break
        edits = unique_edits(e for f in chosen for e in f.fix.edits)
        content = apply_edits(content, edits)
        history.append(sorted(edits))
        result.passes = pass_no + 1
        if pass_no == 0:
            result.applied = chosen
    if content != src:
        result.original, result.new = src, content
    return result


def _original_offset(history: Sequence[Sequence], offset: int) -> int:
    """Where `offset` of the text after the passes in `history` was in the original text (a
    place inside an edit's new text is the edit's start)."""
    for edits in reversed(history):
        shift = 0
        for edit in edits:
            start = edit.start + shift
            if offset < start:
                break
            if offset < start + len(edit.replacement):
                offset = edit.start + shift
                break
            shift += len(edit.replacement) - (edit.end - edit.start)
        offset -= shift
    return offset


def _on_new_lines(ranges: tuple[tuple[int, int], ...], src: bytes, history: Sequence[Sequence],
                  start: int, end: int) -> bool:
    """Whether the statement at start..end (of the text after `history`) touches a new line
    of the original text `src`."""
    from .newcode import is_new
    first, last = (_original_offset(history, offset) for offset in (start, max(start, end - 1)))
    return is_new(ranges, src.count(b"\n", 0, first) + 1, src.count(b"\n", 0, last) + 1)


def _answers_for(job: Job, content: bytes) -> FileAnswers:
    if not job.types:
        return FileAnswers(off=TYPES_OFF)
    known = (job.answers or {}).get(content_digest(content)) if job.answers else None
    return FileAnswers(known)
