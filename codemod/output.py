"""Rendering a `RunResult` for people and tools: text, json, SARIF 2.1.0, GitHub annotations,
GitLab Code Quality and JUnit XML.

Everything here is a pure function of the run's data (plus the source text, read back only to
turn byte columns into the UTF-16 columns SARIF and GitHub count in), so every command and the
bot render the same findings the same way. Colour comes from click's `style`, never from
hand-written escape codes, and only when `use_color` says so: `--color always|never`, or for
`auto` a terminal without `NO_COLOR` set.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import hashlib
import json
import os
import re
import sys
import urllib.parse
from dataclasses import dataclass, field
from typing import IO, Callable, Iterable, Iterator, Mapping, Sequence

import click

from . import internal
from .diffs import unified_diff
from .discovery import display_path
from .model import Applicability, Finding

JSON_VERSION = 2
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
COLOR_CHOICES = ("auto", "always", "never")
SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")

_APPLICABILITY_COLOR = {"safe": "green", "unsafe": "yellow", "none": "bright_black"}
_WHY = {"safe": "why safe", "unsafe": "why unsafe", "none": "why report-only"}


# --- colour --------------------------------------------------------------------------------

def use_color(choice: str, stream: IO | None) -> bool:
    """`--color always|never`, or for `auto`: a terminal and no (non-empty) NO_COLOR."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


def _style(text: str, color: bool, **styles) -> str:
    return click.style(text, **styles) if color else text


def tool_version() -> str:
    try:
        from importlib.metadata import version
        return version("deferfix")
    except Exception:  # not installed (run from a source tree)
        return "0.0.0"


# --- text ----------------------------------------------------------------------------------

def finding_line(finding: Finding, color: bool = False) -> str:
    """`path:line:col: rule: message [fix: X]`, the line `check` prints for a finding."""
    applicability = finding.applicability.value
    return (f"{_style(finding.path, color, bold=True)}:{finding.line}:{finding.col}: "
            f"{_style(finding.rule, color, fg='magenta')}: {finding.message} "
            + _style(f"[fix: {applicability}]", color,
                     fg=_APPLICABILITY_COLOR[applicability]))


def reason_line(finding: Finding, color: bool = False) -> str | None:
    """The indented line under a finding that says why its fix has its applicability."""
    if finding.fix is None or not finding.fix.reason:
        return None
    return _style(reason_text(finding.applicability.value, finding.fix.reason), color, dim=True)


def reason_text(applicability: str, reason: str) -> str:
    """`    why safe: …` (unsafe, report-only): the reason line without colour."""
    return f"    {_WHY[applicability]}: {reason}"


def render_findings(findings: Iterable[Finding], color: bool = False) -> str:
    lines: list[str] = []
    for finding in findings:
        lines.append(finding_line(finding, color))
        reason = reason_line(finding, color)
        if reason:
            lines.append(reason)
    return "".join(line + "\n" for line in lines)


def color_diff(diff: bytes) -> bytes:
    """A unified diff with headers bold, hunks cyan, removals red and additions green."""
    out = []
    for line in diff.splitlines(keepends=True):
        text = line.decode("utf-8", "surrogateescape")
        body, end = (text[:-1], "\n") if text.endswith("\n") else (text, "")
        if body.startswith(("--- ", "+++ ")):
            body = click.style(body, bold=True)
        elif body.startswith("@@"):
            body = click.style(body, fg="cyan")
        elif body.startswith("-"):
            body = click.style(body, fg="red")
        elif body.startswith("+"):
            body = click.style(body, fg="green")
        elif body.startswith("\\"):
            body = click.style(body, dim=True)
        out.append((body + end).encode("utf-8", "surrogateescape"))
    return b"".join(out)


def render_diff(changes: Iterable, color: bool = False) -> bytes:
    """The unified diff of every change (a `FileChange`: display, original, new)."""
    diff = b"".join(unified_diff(c.display, c.original, c.new) for c in changes)
    return color_diff(diff) if color else diff


def report_problems(result, verbose: bool, color: bool = False,
                    echo: Callable[[str], None] | None = None) -> None:
    """Errors, rejected fixes and notes worth a look, on stderr."""
    echo = echo or (lambda line: click.echo(line, err=True, color=color))
    tracebacks: dict[str, list[str]] = {}
    for path, text in getattr(result, "tracebacks", []):
        tracebacks.setdefault(path, []).append(text)
    for path, message in result.errors:
        echo(f"deferfix: {path}: " + _style(message, color, fg="red"))
        if verbose and message.startswith("internal error") and tracebacks.get(path):
            echo(tracebacks[path].pop(0))   # a bug: what a report of it needs
    for rejection in result.rejected:
        f = rejection.finding
        echo(f"{f.path}:{f.line}:{f.col}: {f.rule}: "
             + _style(f"fix rejected: {rejection.reason}", color, fg="red"))
    shown = set()
    for path, note in result.notes:
        if (verbose or note.startswith(("could not vet", "did not converge", "not written"))) \
                and (path, note) not in shown:
            shown.add((path, note))
            echo(f"{path}: {note}")
    skipped = getattr(result, "skipped_files", [])
    if verbose:
        for path, why in skipped + getattr(result, "ignored", []):
            echo(f"{path}: skipped: {why}")
        for reason, count in sorted(result.skipped.items()):
            echo(f"skipped {count} file(s): {reason}")
        for name, seconds in result.timings.items():
            echo(f"time {name}: {seconds:.2f}s")
        echo(f"go vet invocations: {result.vet_invocations}")
        cache_note = getattr(result, "cache_note", "")
        if cache_note:
            echo(f"deferfix: {cache_note}")
        if not cache_note.startswith("cache off") \
                and getattr(result, "timings", {}).get("cache lookup") is not None:
            echo(f"cache: {result.cache_hits} of {len(result.files)} file(s) unchanged")
    elif skipped:
        counts = collections.Counter(why.split(" (")[0].split(":")[0] for _, why in skipped)
        echo(f"deferfix: {len(skipped)} file(s) not analysed in full ("
             + ", ".join(f"{count} {why}" for why, count in sorted(counts.items()))
             + "); --verbose lists them")


# --- summary -------------------------------------------------------------------------------

@dataclass
class Summary:
    """The counts behind the closing line of a run and the json/SARIF `summary` object."""

    command: str
    files_scanned: int = 0
    files_skipped: dict[str, int] = field(default_factory=dict)   # reason -> count
    files_ignored: int = 0  # .go files .gitignore patterns hid (outside a git work tree)
    files_changed: int = 0
    errors: int = 0
    findings_by_rule: dict[str, int] = field(default_factory=dict)
    findings_by_fix: dict[str, int] = field(default_factory=dict)  # applicability -> count
    applied: int = 0        # fixes in the diff (diff) or written (apply)
    rejected: int = 0       # fixes go vet or gofmt turned down
    skipped: int = 0        # unsafe fixes left out without --unsafe-fixes
    declined: int = 0       # fixes answered "no" in --interactive
    report_only: int = 0    # findings without a fix
    unverified: int = 0     # of `applied`: fixes that only gofmt checked (go vet could not run)
    # `applied` by file (display path): what apply's "fixed FILE (N fixes)" lines say.
    fixed_in: dict[str, int] = field(default_factory=dict)
    unsafe_fixes: bool = False   # --unsafe-fixes: the unsafe fixes left were asked for

    @property
    def findings(self) -> int:
        return sum(self.findings_by_rule.values())

    def to_dict(self) -> dict:
        return {
            "files": {"scanned": self.files_scanned, "skipped": dict(self.files_skipped),
                      "ignored": self.files_ignored, "changed": self.files_changed,
                      "errors": self.errors},
            "findings": {"total": self.findings, "by_rule": dict(self.findings_by_rule),
                         "by_fix": dict(self.findings_by_fix)},
            "fixes": {"applied": self.applied, "rejected": self.rejected,
                      "skipped": self.skipped, "declined": self.declined,
                      "report_only": self.report_only, "unverified": self.unverified},
        }

    def line(self, color: bool = False) -> str:
        def n(count: int, word: str, plural: str | None = None) -> str:
            return f"{count} {word if count == 1 else plural or word + 's'}"

        files = n(self.files_scanned, "file") + " scanned"
        if self.files_ignored:
            files += f" ({n(self.files_ignored, '.go file')} hidden by .gitignore: -v lists them)"
        if self.errors:
            files += ", " + _style(n(self.errors, "error"), color, fg="red")
        by_rule = ", ".join(f"{rule}: {count}" for rule, count in self.findings_by_rule.items())
        findings = n(self.findings, "finding") + (f" ({by_rule})" if by_rule else "")
        if self.command == "check":
            fixes = ("fixes: " + ", ".join(f"{self.findings_by_fix.get(kind, 0)} {label}"
                                            for kind, label in (("safe", "safe"),
                                                                ("unsafe", "unsafe"),
                                                                ("none", "report-only"))))
        else:
            verb = "in the diff" if self.command == "diff" else "applied"
            if self.command == "apply" and self.files_changed:
                verb += f" to {n(self.files_changed, 'file')}"
            parts = [n(self.applied, "fix", "fixes") + f" {verb}", f"{self.rejected} rejected",
                     f"{self.skipped} skipped" + (
                         "" if not self.skipped else
                         " (unsafe; their edits did not apply with the others)"
                         if self.unsafe_fixes else " (unsafe; --unsafe-fixes applies them)")]
            if self.declined:
                parts.append(f"{self.declined} declined")
            parts.append(f"{self.report_only} report-only")
            if self.unverified:
                parts.append(_style(f"{self.unverified} unverified (gofmt only: go vet did "
                                    f"not check {'it' if self.unverified == 1 else 'them'})",
                                    color, fg="yellow"))
            fixes = ", ".join(parts)
        return _style("deferfix: ", color, bold=True) + f"{files}; {findings}; {fixes}"


def summarize(command: str, result, written: Sequence | None = None,
              remaining: Sequence[Finding] | None = None, declined: int = 0,
              unsafe_fixes: bool | None = None) -> Summary:
    """Count a run. `written` are the changes that reached the user (default: all), and
    `remaining` the findings left after them (default: worked out from the run).
    `unsafe_fixes`: --unsafe-fixes was given (then an unsafe fix left over was asked for)."""
    findings = result.findings
    by_rule = collections.Counter(f.rule for f in findings)
    by_fix = collections.Counter(f.applicability.value for f in findings)
    summary = Summary(command=command, files_scanned=len(result.files),
                      files_skipped=dict(sorted(result.skipped.items())),
                      files_ignored=len(getattr(result, "ignored", [])),
                      errors=len(result.errors),
                      findings_by_rule=dict(sorted(by_rule.items())),
                      findings_by_fix={k: by_fix.get(k, 0) for k in ("safe", "unsafe", "none")})
    if command == "check":
        summary.report_only = by_fix.get("none", 0)
        return summary
    changes = list(result.changes if written is None else written)
    if remaining is None:
        remaining = result.remaining if written is None else result.left(changes)
    found_in = collections.Counter(f.path for f in findings)
    left_in = collections.Counter(f.path for f in remaining)
    summary.files_changed = len(changes)
    fixed = {c.display: max(len(c.applied), found_in[c.display] - left_in[c.display])
             for c in changes}
    summary.applied = sum(fixed.values())
    summary.fixed_in = fixed
    summary.unverified = sum(fixed[c.display] for c in changes if getattr(c, "unverified", ""))
    summary.rejected = len(result.rejected)
    summary.declined = declined
    # Unsafe fixes left over, but those the verification turned down (counted as rejected).
    # `remaining` is found on the new texts, so a rejected finding is matched by its file,
    # not by its line (a fix above it moved it).
    turned_down = collections.Counter(r.finding.path for r in result.rejected
                                      if r.finding.applicability is Applicability.UNSAFE)
    unsafe_left = collections.Counter(f.path for f in remaining
                                      if f.applicability is Applicability.UNSAFE)
    summary.skipped = sum(max(0, count - turned_down[path])
                          for path, count in unsafe_left.items())
    summary.report_only = sum(1 for f in remaining if f.applicability is Applicability.NONE)
    summary.unsafe_fixes = bool(unsafe_fixes)
    return summary


# --- statistics ----------------------------------------------------------------------------

def render_statistics(command: str, result, findings: Sequence[Finding],
                      remaining: Sequence[Finding] | None = None) -> str:
    """--statistics: the findings per rule and applicability (ruff's --statistics, golangci's
    --show-stats), and for diff and apply the fixes per rule (in the diff, written)."""
    kinds = (("safe", "safe"), ("unsafe", "unsafe"), ("none", "report-only"))
    counts = collections.defaultdict(collections.Counter)
    for finding in findings:
        counts[finding.rule][finding.applicability.value] += 1
    header = ["rule", *(label for _, label in kinds), "total"]
    fixed: collections.Counter = collections.Counter()
    if command != "check":
        changed = {c.display for c in result.changes}
        left = remaining if remaining is not None else result.remaining
        fixed = collections.Counter(f.rule for f in findings if f.path in changed)
        fixed.subtract(f.rule for f in left if f.path in changed)
        header.append("in the diff" if command == "diff" else "fixed")
    rows = []
    for rule in sorted(counts):
        row = [rule, *(counts[rule][kind] for kind, _ in kinds), sum(counts[rule].values())]
        rows.append(row + ([max(0, fixed[rule])] if command != "check" else []))
    total = ["total", *(sum(r[i] for r in rows) for i in range(1, len(header)))]
    widths = [max(len(str(r[i])) for r in [header, *rows, total]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(w) if i == 0 else str(cell).rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
             for row in [header, *rows, total]]
    return "".join(line + "\n" for line in lines)


# --- json ----------------------------------------------------------------------------------

def _fix_ids(result) -> dict[tuple, int]:
    """Finding key -> the id of the fix set that resolves it."""
    return {f.key: s.id for s in getattr(result, "fix_sets", []) for f in s.findings}


def _finding_dict(finding: Finding, fix_ids: Mapping[tuple, int]) -> dict:
    """A finding in the json document: its fix's kind and reason, and the id of the fix
    (in `fixes`) that resolves it; the edits are in the fix, never repeated here."""
    found = finding.to_dict()
    if found["fix"] is not None:
        del found["fix"]["edits"]
    found["fix_id"] = fix_ids.get(finding.key)
    return found


def render_json(command: str, result, findings: Sequence[Finding],
                summary: Summary | None = None, **extra) -> str:
    """The json document (its `version` changes only when a field changes meaning or goes).

    `fixes` holds one entry per edit set of a file, never overlapping another; each finding
    names the one that resolves it (`fix_id`). `verification` says what checked a fix:
    "go vet" (and gofmt), "gofmt" only (go vet could not run, or --no-verify: `unverified`
    says why), or "none" (check computes fixes without verifying them)."""
    fix_ids = _fix_ids(result) if command != "apply" else {}
    payload = {
        "version": JSON_VERSION,
        "command": command,
        "findings": [_finding_dict(f, fix_ids) for f in findings],
        "fixes": [s.to_dict() for s in getattr(result, "fix_sets", [])]
        if command != "apply" else [],
        "changes": [{"path": c.display,
                     "diff": unified_diff(c.display, c.original, c.new).decode("utf-8",
                                                                               "replace"),
                     "unverified": c.unverified,
                     "fixes": [[f.rule, f.line, f.col] for f in c.applied]}
                    for c in result.changes],
        "rejected": [{"finding": _finding_dict(r.finding, {}), "reason": r.reason}
                     for r in result.rejected],
        "errors": [{"path": p, "message": m} for p, m in result.errors],
        "notes": [{"path": p, "note": n} for p, n in result.notes],
        **extra,
    }
    if summary is not None:
        payload["summary"] = summary.to_dict()
    return json.dumps(payload, indent=2)


# --- source positions ----------------------------------------------------------------------

class Sources:
    """The text of each file a finding names, for UTF-16 columns (SARIF, GitHub)."""

    def __init__(self, result, given: Mapping[str, bytes] | None = None) -> None:
        self._texts: dict[str, bytes | None] = dict(given or {})
        self._paths = {r.display: r.path for r in getattr(result, "files", [])}
        for change in getattr(result, "changes", []):
            self._texts.setdefault(change.display, change.original)

    def text(self, display: str) -> bytes | None:
        if display not in self._texts:
            try:
                with open(self._paths.get(display, display), "rb") as handle:
                    self._texts[display] = handle.read()
            except OSError:
                self._texts[display] = None
        return self._texts[display]

    def position(self, display: str, offset: int) -> tuple[int, int] | None:
        """(line, UTF-16 column), both 1-based, of a byte offset; None without the text."""
        src = self.text(display)
        if src is None or offset > len(src):
            return None
        start = src.rfind(b"\n", 0, offset) + 1
        prefix = src[start:offset].decode("utf-8", "replace")
        return src.count(b"\n", 0, offset) + 1, len(prefix.encode("utf-16-le")) // 2 + 1


def _span(sources: Sources, finding: Finding) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of a finding, in UTF-16 columns when possible."""
    start = sources.position(finding.path, finding.start) if finding.end > finding.start else None
    end = sources.position(finding.path, finding.end) if start else None
    if start and end:
        return (*start, *end)
    return (finding.line, finding.col, finding.end_line or finding.line,
            finding.end_col or finding.col)


# --- SARIF 2.1.0 ---------------------------------------------------------------------------

def _uri(display: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) of a display path: relative to %SRCROOT%, or an absolute file URI."""
    posix = display.replace(os.sep, "/")
    if os.path.isabs(display):
        return "file://" + _quote(posix), None
    return _quote(posix), "%SRCROOT%"


def _quote(path: str) -> str:
    """A path's bytes, percent-encoded (a file name that is not UTF-8 keeps its bytes)."""
    return urllib.parse.quote(path.encode("utf-8", "surrogateescape"))


def _text(arg: str) -> str:
    """A string that JSON can carry as Unicode: surrogate escapes become U+FFFD."""
    return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _artifact_location(display: str) -> dict:
    uri, base = _uri(display)
    return {"uri": uri, **({"uriBaseId": base} if base else {})}


def _sarif_rule(rule) -> dict:
    explain = rule.explain.strip() or rule.summary
    first_paragraph = explain.split("\n\n")[0].replace("\n", " ")
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": first_paragraph},
        "help": {"text": explain, "markdown": explain},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"fixes": list(rule.fixes), "tags": ["go", "defer", "correctness"]},
    }


def fix_text(finding: Finding) -> str:
    """The finding's message, then its fix and why the fix is safe, unsafe or report-only."""
    fix = finding.fix
    if fix is None:
        return finding.message
    text = finding.message
    if fix.applicability is not Applicability.NONE:
        text += f"\nfix ({fix.applicability.value}): {fix.description}"
    return text + (f"\n{_WHY[fix.applicability.value]}: {fix.reason}" if fix.reason else "")


def _sarif_region(sources: Sources, display: str, start: int, end: int) -> dict:
    region: dict = {"byteOffset": start, "byteLength": end - start}
    first, last = sources.position(display, start), sources.position(display, end)
    if first and last:
        region.update(startLine=first[0], startColumn=first[1],
                      endLine=last[0], endColumn=last[1])
    return region


def _inserted(replacement: bytes) -> dict:
    try:
        return {"text": replacement.decode("utf-8")}
    except UnicodeDecodeError:
        import base64
        return {"binary": base64.b64encode(replacement).decode("ascii")}


def _sarif_fix(sources: Sources, fix_set) -> dict:
    replacements = []
    for edit in fix_set.edits:
        replacement = {"deletedRegion": _sarif_region(sources, fix_set.path,
                                                      edit.start, edit.end)}
        if edit.replacement:
            replacement["insertedContent"] = _inserted(edit.replacement)
        replacements.append(replacement)
    return {
        "description": {"text": fix_set.description},
        "artifactChanges": [{"artifactLocation": _artifact_location(fix_set.path),
                             "replacements": replacements}],
        "properties": {"applicability": fix_set.applicability.value,
                       "fixId": fix_set.id, "verification": fix_set.verification,
                       "unverified": fix_set.unverified,
                       "resolves": [[f.rule, f.line, f.col] for f in fix_set.findings]},
    }


def _sarif_result(sources: Sources, finding: Finding, rule_index: int,
                  fix_set=None, carries_fix: bool = False) -> dict:
    """A SARIF result. A fix that resolves several findings is carried by the first of
    them only (a consumer that applies every fix applies it once); every one it resolves
    names it in `properties.fixId`."""
    line, col, end_line, end_col = _span(sources, finding)
    region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}
    result = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": "warning",
        "message": {"text": fix_text(finding)},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact_location(finding.path),
                                            "region": region}}],
        "properties": {"applicability": finding.applicability.value,
                       "reason": finding.fix.reason if finding.fix else ""},
    }
    if fix_set is not None:
        result["properties"]["fixId"] = fix_set.id
        if carries_fix:
            result["fixes"] = [_sarif_fix(sources, fix_set)]
    return result


def _notification(level: str, text: str, display: str | None = None,
                  finding: Finding | None = None) -> dict:
    note: dict = {"level": level, "message": {"text": text}}
    if display:
        location: dict = {"artifactLocation": _artifact_location(display)}
        if finding is not None:
            location["region"] = {"startLine": finding.line, "startColumn": finding.col}
        note["locations"] = [{"physicalLocation": location}]
    if finding is not None:
        note["associatedRule"] = {"id": finding.rule}
    return note


def render_sarif(command: str, result, findings: Sequence[Finding], rules: Sequence,
                 summary: Summary | None = None, exit_code: int | None = None,
                 sources: Mapping[str, bytes] | None = None,
                 arguments: Sequence[str] = ()) -> str:
    """One SARIF 2.1.0 log with one run: every rule, every finding, each fix as a `fix`."""
    rule_list = list(rules)
    index = {rule.id: i for i, rule in enumerate(rule_list)}
    for finding in findings:  # a rule the caller did not list still gets metadata
        if finding.rule not in index:
            index[finding.rule] = len(rule_list)
            rule_list.append(_AdHocRule(finding.rule))
    texts = Sources(result, sources)
    notifications = [_notification("error", message, path) for path, message in result.errors]
    notifications += [_notification("warning", f"fix rejected: {r.reason}", r.finding.path,
                                    r.finding) for r in result.rejected]
    invocation: dict = {"executionSuccessful": not result.errors,
                        # The process's arguments (a name that is not UTF-8 shows U+FFFD).
                        "arguments": [_text(a) for a in arguments or (command,)],
                        "toolExecutionNotifications": notifications}
    if exit_code is not None:
        invocation["exitCode"] = exit_code
    run = {
        "tool": {"driver": {"name": "deferfix", "version": tool_version(),
                            "semanticVersion": tool_version(),
                            "rules": [_sarif_rule(rule) for rule in rule_list]}},
        "invocations": [invocation],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": _directory_uri(os.getcwd())}},
        "columnKind": "utf16CodeUnits",
        "results": _sarif_results(texts, result, findings, index, command),
    }
    if summary is not None:
        run["properties"] = {"summary": summary.to_dict()}
    return json.dumps({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]},
                      indent=2)


def _sarif_results(sources: Sources, result, findings: Sequence[Finding],
                   index: Mapping[str, int], command: str) -> list[dict]:
    sets = {s.id: s for s in getattr(result, "fix_sets", [])} if command != "apply" else {}
    fix_ids = _fix_ids(result) if sets else {}
    carried: set[int] = set()
    results = []
    for finding in findings:
        fix_set = sets.get(fix_ids.get(finding.key, 0))
        first = fix_set is not None and fix_set.id not in carried
        if first:
            carried.add(fix_set.id)
        results.append(_sarif_result(sources, finding, index[finding.rule], fix_set, first))
    return results


def _directory_uri(path: str) -> str:
    posix = path.replace(os.sep, "/")
    return "file://" + _quote(posix.rstrip("/") + "/")


@dataclass(frozen=True)
class _AdHocRule:
    id: str
    summary: str = ""
    explain: str = ""
    fixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.summary:
            object.__setattr__(self, "summary", self.id)


# --- GitHub workflow annotations -----------------------------------------------------------

def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, **properties) -> str:
    """`::level key=value,…::message` with GitHub's escaping."""
    props = ",".join(f"{key}={_escape_property(str(value))}"
                     for key, value in properties.items() if value not in (None, ""))
    return f"::{level}{' ' + props if props else ''}::{_escape_data(message)}"


def render_github(result, findings: Sequence[Finding],
                  sources: Mapping[str, bytes] | None = None) -> str:
    texts = Sources(result, sources)
    lines = []
    for finding in findings:
        line, col, end_line, end_col = _span(texts, finding)
        message = fix_text(finding)
        same_line = end_line == line
        lines.append(annotation("warning", message, file=finding.path, line=line,
                                endLine=end_line, col=col if same_line else None,
                                endColumn=end_col if same_line else None,
                                title=f"deferfix {finding.rule} [fix: "
                                      f"{finding.applicability.value}]"))
    for rejection in result.rejected:
        f = rejection.finding
        lines.append(annotation("warning", f"fix rejected: {rejection.reason}", file=f.path,
                                line=f.line, col=f.col, title=f"deferfix {f.rule}"))
    for path, message in result.errors:
        lines.append(annotation("error", message, file=path, title="deferfix"))
    return "".join(line + "\n" for line in lines)


# --- GitLab Code Quality --------------------------------------------------------------------
# A JSON array of Code Climate issues, the subset GitLab reads (docs.gitlab.com, "Code Quality",
# "Implement a custom tool"): description, check_name, fingerprint, severity, location.path
# and location.lines.begin. GitLab keys the issues by fingerprint (two equal ones show as one)
# and compares them between the merge request and its target branch, so a fingerprint names
# the finding, not its line: code added above it leaves it alone.

def _source_text(sources: Sources, finding: Finding) -> str:
    """The flagged code with its whitespace squeezed (the message when the text is gone)."""
    src = sources.text(finding.path)
    if src is None or not (0 <= finding.start < finding.end <= len(src)):
        return finding.message
    return " ".join(src[finding.start:finding.end].decode("utf-8", "replace").split())


def fingerprints(sources: Sources, findings: Sequence[Finding]) -> list[str]:
    """One per finding: a digest of its rule, its path and the code it flags (not its line),
    with the count of equal ones before it in the file, so each is unique in the report."""
    seen: collections.Counter = collections.Counter()
    found = []
    for finding in sorted(findings, key=lambda f: (f.path, f.start, f.line, f.col, f.rule)):
        key = (finding.rule, finding.path, _source_text(sources, finding))
        seen[key] += 1
        h = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8", "surrogateescape"))
        found.append((finding, h.hexdigest()[:32]))
    by_finding = {id(f): digest for f, digest in found}
    return [by_finding[id(f)] for f in findings]


def render_gitlab(result, findings: Sequence[Finding],
                  sources: Mapping[str, bytes] | None = None) -> str:
    texts = Sources(result, sources)
    issues = []
    for finding, fingerprint in zip(findings, fingerprints(texts, findings)):
        line, _, end_line, _ = _span(texts, finding)
        issues.append({
            "type": "issue",
            "check_name": finding.rule,
            "description": f"{finding.message} [fix: {finding.applicability.value}]",
            "content": {"body": fix_text(finding)},
            "categories": ["Clarity" if finding.rule == "unused-suppression" else "Bug Risk"],
            "severity": "minor" if finding.rule == "unused-suppression" else "major",
            "fingerprint": fingerprint,
            "location": {"path": _text(finding.path),
                         "lines": {"begin": line, "end": max(line, end_line)}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False)


# --- JUnit XML -------------------------------------------------------------------------------
# The JUnit XML that GitLab's test reports and Jenkins read (tests/data/junit-10.xsd, the
# schema Jenkins' xUnit plugin validates against): a testsuite per file with findings, a
# failing testcase per finding (classname: the rule; name: `path:line:col: rule`, unique in
# the report, as GitLab keys cases by their names), a testcase with an <error> per file that could not be read, and one
# passing testcase when there is nothing to report, so a clean run still shows a test.

_XML_NOT_ALLOWED = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: control characters and surrogate escapes become U+FFFD."""
    return _XML_NOT_ALLOWED.sub("\ufffd", text)


def render_junit(result, findings: Sequence[Finding],
                 sources: Mapping[str, bytes] | None = None) -> str:
    from xml.etree import ElementTree as ET

    texts = Sources(result, sources)
    by_path: dict[str, list] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    errors = collections.defaultdict(list)
    for path, message in result.errors:
        errors[path].append(message)
    root = ET.Element("testsuites", name="deferfix", tests=str(len(findings) + len(result.errors)),
                      failures=str(len(findings)), errors=str(len(result.errors)))
    for path in sorted(set(by_path) | set(errors)):
        cases, problems = by_path.get(path, []), errors.get(path, [])
        suite = ET.SubElement(root, "testsuite", name=_xml_text(path),
                              tests=str(len(cases) + len(problems)), failures=str(len(cases)),
                              errors=str(len(problems)), skipped="0")
        for finding in cases:
            line, col, _, _ = _span(texts, finding)
            where = f"{finding.path}:{line}:{col}"
            case = ET.SubElement(suite, "testcase", classname=finding.rule,
                                 name=_xml_text(f"{where}: {finding.rule}"))
            failure = ET.SubElement(case, "failure", type=finding.rule, message=_xml_text(
                f"{finding.message} [fix: {finding.applicability.value}]"))
            failure.text = _xml_text(f"{where}: {finding.rule}: {fix_text(finding)}")
        for message in problems:
            case = ET.SubElement(suite, "testcase", classname="deferfix",
                                 name=_xml_text(f"{path}: error"))
            ET.SubElement(case, "error", type="error", message=_xml_text(message))
    if not findings and not result.errors:
        root.set("tests", "1")
        suite = ET.SubElement(root, "testsuite", name="deferfix", tests="1", failures="0",
                              errors="0", skipped="0")
        ET.SubElement(suite, "testcase", classname="deferfix",
                      name=f"no findings in {len(result.files)} file(s)")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# --- one command's output ------------------------------------------------------------------

@dataclass
class Settings:
    """How a command's output looks: the format, colour, and how much goes to stderr."""

    format: str = "text"
    color: str = "auto"
    verbose: bool = False
    quiet: bool = False          # no progress bar and no summary line
    contents: Mapping[str, bytes] | None = None  # stdin texts by absolute path
    stdin: bool = False          # the input came from stdin: no summary line
    arguments: Sequence[str] = ()   # the command line's arguments, after the program name
    output_file: str | None = None  # -o: what goes to stdout goes to this file instead
    unsafe_fixes: bool | None = None  # --unsafe-fixes / --no-unsafe-fixes, None: neither
    statistics: bool = False     # a table of counts per rule in place of the text output


def emit(command: str, result, settings: Settings, *, written: Sequence | None = None,
         remaining: Sequence[Finding] | None = None, declined: int = 0,
         exit_code: int | None = None) -> Summary:
    """Print what `command` shows for `result` in `settings.format`, then the problems and
    the summary line on stderr. `written`/`remaining` are what apply wrote and left."""
    with destination(settings) as out, \
            internal.processing(f"writing the {settings.format} output"):
        return _emit(command, result, settings, out, written, remaining, declined, exit_code)


@contextlib.contextmanager
def destination(settings: Settings) -> Iterator[IO]:
    """stdout, or the -o file (created or truncated; kept as far as it was written when the
    run stops on the way). A file that cannot be opened is one line and exit 2."""
    if not settings.output_file:
        if sys.stdout is None:
            raise OSError(errno.EBADF, "cannot write the output: standard output is closed")
        yield sys.stdout
        return
    try:
        handle = open(settings.output_file, "w", encoding="utf-8", errors="surrogateescape",
                      newline="")
    except OSError as exc:
        click.echo(f"deferfix: {settings.output_file}: cannot write: "
                   f"{exc.strerror or exc}", err=True)
        sys.exit(2)
    with handle:
        yield handle


def _emit(command: str, result, settings: Settings, out: IO, written: Sequence | None,
          remaining: Sequence[Finding] | None, declined: int,
          exit_code: int | None) -> Summary:
    out_color = use_color(settings.color, out)
    err_color = use_color(settings.color, sys.stderr)
    summary = summarize(command, result, written, remaining, declined, settings.unsafe_fixes)
    findings = result.findings
    if command == "apply":
        written = list(result.changes if written is None else written)
        remaining = list(result.left(written) if remaining is None else remaining)
    shown = remaining if command == "apply" else findings
    # Positions are read from the texts the findings were made on: the stdin text, and after
    # apply the written files.
    sources = {display_path(path): text for path, text in (settings.contents or {}).items()}
    if command == "apply":
        sources.update({c.display: c.new for c in written})
    if settings.format == "json":
        extra = {}
        if command == "apply":
            extra = {"written": [c.display for c in written],
                     "remaining": [f.to_dict() for f in remaining]}
        write(render_json(command, result, findings, summary, **extra) + "\n", out)
    elif settings.format == "sarif":
        from . import registry
        rules = [t.rule for t in registry.all_transforms()]
        write(render_sarif(command, result, shown, rules, summary, exit_code, sources,
                           settings.arguments) + "\n", out)
    elif settings.format == "github":
        write(render_github(result, shown, sources), out)
    elif settings.format == "gitlab":
        write(render_gitlab(result, shown, sources) + "\n", out)
    elif settings.format == "junit":
        write(render_junit(result, shown, sources) + "\n", out)
    elif settings.statistics:
        write(render_statistics(command, result, findings, remaining), out)
    elif command == "check":
        write(render_findings(findings, out_color), out)
    elif command == "diff":
        write(render_diff(result.changes, out_color), out)
    elif command == "apply":
        if not settings.stdin and not settings.quiet:
            for change in written:
                click.echo(fixed_line(change, summary.fixed_in.get(change.display)),
                           err=True, color=err_color)
        ordered = sorted(remaining, key=lambda f: (f.path, f.line, f.col))
        text = render_findings(ordered, err_color if settings.stdin else out_color)
        write(text, sys.stderr if settings.stdin else out)
    report_problems(result, settings.verbose, err_color)
    if not result.files and not result.errors and not settings.quiet:
        click.echo("deferfix: " + _style("warning: no Go files found", err_color, fg="yellow")
                   + (" (.gitignore hid some: -v lists them)" if summary.files_ignored else ""),
                   err=True, color=err_color)
    # Every format: the document is on stdout (or -o), the summary on stderr.
    if not settings.quiet and not settings.stdin:
        click.echo(summary.line(err_color), err=True, color=err_color)
        if command == "diff":
            for line in left_out(result, settings.unsafe_fixes):
                click.echo(line, err=True, color=err_color)
    return summary


LEFT_OUT_SHOWN = 10


def left_out(result, unsafe_fixes: bool | None = None) -> list[str]:
    """The lines under diff's summary that say which findings its "N skipped, N
    report-only" are, at their places in the files as they are (the diff not applied):
    one line each, the first LEFT_OUT_SHOWN, then a hint to `deferfix check`."""
    changes = {c.display: c for c in result.changes}
    turned_down = collections.Counter(r.finding.path for r in result.rejected
                                      if r.finding.applicability is Applicability.UNSAFE)
    left: list[tuple[str, int, int, str, str]] = []
    for finding in result.remaining:
        kind = finding.applicability
        if kind is Applicability.SAFE:
            continue
        if kind is Applicability.UNSAFE and turned_down[finding.path]:
            turned_down[finding.path] -= 1      # named already, as a rejected fix
            continue
        label = "report-only" if kind is Applicability.NONE else \
            "unsafe, not applied" if unsafe_fixes else "unsafe, skipped"
        line = _line_before(changes.get(finding.path), finding.line)
        left.append((finding.path, line, finding.col, finding.rule, label))
    left.sort()
    lines = [f"  {label}: {path}:{line}:{col}: {rule}"
             for path, line, col, rule, label in left[:LEFT_OUT_SHOWN]]
    if len(left) > LEFT_OUT_SHOWN:
        lines.append(f"  … and {len(left) - LEFT_OUT_SHOWN} more")
    if left:
        lines.append("  (`deferfix check` shows each with why its fix is unsafe or why there "
                     "is none)")
    return lines


def _line_before(change, line: int) -> int:
    """The line of the original text that line `line` of a change's new text stands for
    (itself when the file did not change)."""
    if change is None:
        return line
    import difflib
    old, new = change.original.splitlines(), change.new.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                       autojunk=False).get_opcodes():
        if j1 <= line - 1 < j2 or (j1 == j2 == line - 1):
            return i1 + 1 + (line - 1 - j1 if tag == "equal" else 0)
    return line


def fixed_line(change, count: int | None = None) -> str:
    """`fixed a.go (2 fixes)`: what apply says of a file it wrote."""
    count = len(change.applied) if count is None else count
    return f"fixed {change.display} ({count} fix{'es' if count != 1 else ''})"


def write(text: str | bytes, stream: IO | None = None) -> None:
    """Write to stdout (or `stream`) as is: bytes to the binary buffer, text as text."""
    stream = stream or sys.stdout
    if isinstance(text, bytes):
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            stream.flush()
            buffer.write(text)
            buffer.flush()
        else:
            stream.write(text.decode("utf-8", "surrogateescape"))
    else:
        stream.write(text)
    stream.flush()
