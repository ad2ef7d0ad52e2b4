"""Testing a rule in seconds: `assert_rule` runs it in-process, as the engine would.

    from codemod.testing import assert_rule

    def test_lock_taken_again() -> None:
        assert_rule("deferred-lock", before=GO_BEFORE, after=GO_AFTER, findings=[
            "7:2: deferred-lock: defer c.mu.Lock() right after c.mu.Lock(): … [fix: safe]",
            "    why safe: c.mu.Lock() is taken just before, so only Unlock makes sense at exit",
        ])

The rule runs on `before` through `analyze` (the engine's passes, suppressions and the
choice of compatible fixes), with its safe fixes applied (and the unsafe ones with
`unsafe=True`); no gofmt, no go vet, no files (the golden cases and the `go`-marked tests
check those). `findings` uses the one findings format of every rule, which is what `deferfix
check` prints without the path: a line `L:C: rule: message [fix: X]` per finding, then
`    why X: reason` when the fix says why; the golden cases' findings.txt is the same text.
"""

from __future__ import annotations

import os
import textwrap
from typing import Iterable, Sequence

from .analysis.package import Directory
from .analyze import Job, analyze
from .goversion import parse_version
from .model import Finding
from .output import reason_text
from .registry import all_transforms


def findings_text(findings: Iterable[Finding | dict]) -> str:
    """The findings (or their `--format json` objects) in the one findings format (see the
    module docstring)."""
    lines = []
    for finding in findings:
        if isinstance(finding, Finding):
            applicability = finding.applicability.value
            reason = finding.fix.reason if finding.fix is not None else ""
            line, col, rule, message = finding.line, finding.col, finding.rule, finding.message
        else:
            applicability = finding["fix"]["applicability"] if finding["fix"] else "none"
            reason = finding["fix"]["reason"] if finding["fix"] else ""
            line, col, rule, message = (finding[k] for k in ("line", "col", "rule", "message"))
        lines.append(f"{line}:{col}: {rule}: {message} [fix: {applicability}]")
        if reason:
            lines.append(reason_text(applicability, reason))
    return "".join(line + "\n" for line in lines)


def run_rule(rule: str, source: str | bytes, unsafe: bool = False, go_version: str = "1.22",
             package: dict[str, str] | None = None) -> tuple[list[Finding], bytes]:
    """(the first pass's findings, the text after the fixes) of one rule on `input.go` of a
    directory that holds only it and the `package` files (name -> text); texts given as
    str are dedented."""
    module = next((t.module for t in all_transforms() if t.rule.id == rule), None)
    if module is None:
        raise ValueError(f"unknown rule {rule!r}")
    src = _dedent(source).encode() if isinstance(source, str) else source
    directory = Directory(os.path.abspath("deferfix-assert-rule"), {
        name: _dedent(text).encode() for name, text in (package or {}).items()})
    path = os.path.join(directory.path, "input.go")
    result = analyze(Job(path=path, transforms=(module,),
                         apply=frozenset({"safe", "unsafe"} if unsafe else {"safe"}),
                         go_version=parse_version(go_version), include_generated=True,
                         content=src), directory)
    if result.internal_errors:
        raise AssertionError("input.go: " + "\n".join(tb for _, tb in result.internal_errors))
    if result.error or result.skipped and result.skipped != "no defer":
        raise AssertionError(f"input.go: {result.error or result.skipped}")
    return result.findings, result.new if result.new is not None else src


def assert_rule(rule: str, before: str, after: str | None = None,
                findings: Sequence[str] = (), unsafe: bool = False,
                go_version: str = "1.22", package: dict[str, str] | None = None) -> None:
    """Run `rule` on `before` and assert what it finds and what its fixes make of it.

    `before` and `after` are dedented (write them indented with the test); `after` None
    means the text does not change. `findings` are the lines of the one findings format,
    in order; a line may end in `…` to match by its beginning (for a long message).
    `package`: the other files of the package (name -> text), for rules that look there."""
    before, expected = _dedent(before), _dedent(after) if after is not None else None
    found, new = run_rule(rule, before, unsafe=unsafe, go_version=go_version, package=package)
    lines = findings_text(found).splitlines()
    wanted = list(findings)
    assert len(lines) == len(wanted) and all(
        line.startswith(want[:-1].rstrip()) if want.endswith("…") else line == want
        for line, want in zip(lines, wanted)), \
        "findings differ:\n  got:\n" + "".join(f"    {line}\n" for line in lines) + \
        "  want:\n" + "".join(f"    {want}\n" for want in wanted)
    text = new.decode("utf-8", "surrogateescape")
    want = expected if expected is not None else before
    assert text == want, f"the fixed text differs:\n--- got\n{text}--- want\n{want}"


def _dedent(text: str) -> str:
    return textwrap.dedent(text.lstrip("\n"))
