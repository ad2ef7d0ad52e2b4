"""Suppression comments.

`//deferfix:ignore` (every rule) or `//deferfix:ignore rule-a,rule-b`, with an optional reason
after ` -- `, on the statement's line or alone on the line above. golangci-lint's `//nolint`
and `//nolint:deferfix` (or a list naming deferfix or a rule id) are honoured the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from .model import Finding

_DIRECTIVE = re.compile(
    rb"//\s*(?P<kind>deferfix:ignore|nolint)(?P<rules>(?::|[ \t]+)[A-Za-z0-9_,\- \t]*?)?"
    rb"(?:[ \t]+--[ \t]*(?P<reason>[^\r\n]*)|[ \t]*//[^\r\n]*)?[ \t]*\r?$",
    re.MULTILINE)


@dataclass(frozen=True)
class Suppression:
    line: int                      # line of the comment
    own_line: bool                 # the comment stands alone on its line
    rules: frozenset[str] | None   # None: every rule
    kind: str                      # "deferfix:ignore" or "nolint"
    reason: str = ""

    def covers(self, finding: Finding) -> bool:
        if finding.line != self.line and not (self.own_line and finding.line == self.line + 1):
            return False
        return self.rules is None or finding.rule in self.rules or "deferfix" in self.rules

    def describe(self) -> str:
        rules = ",".join(sorted(self.rules)) if self.rules else "all rules"
        return f"//{self.kind} ({rules})"


def parse(src: bytes) -> list[Suppression]:
    if b"deferfix:ignore" not in src and b"nolint" not in src:
        return []
    found = []
    for match in _DIRECTIVE.finditer(src):
        line = src.count(b"\n", 0, match.start()) + 1
        line_start = src.rfind(b"\n", 0, match.start()) + 1
        own_line = src[line_start:match.start()].strip() == b""
        raw = (match.group("rules") or b"").decode("utf-8", "replace")
        kind = match.group("kind").decode()
        names = {r.strip() for r in re.split(r"[,\s]+", raw.lstrip(":")) if r.strip()}
        if kind == "nolint" and raw and not raw.startswith(":"):
            names = set()  # "//nolint foo" is not a linter list
        reason = (match.group("reason") or b"").decode("utf-8", "replace").strip()
        found.append(Suppression(line, own_line, frozenset(names) or None, kind, reason))
    return found


def filter_findings(findings: Sequence[Finding],
                    suppressions: Sequence[Suppression]) -> list[Finding]:
    if not suppressions:
        return list(findings)
    return [f for f in findings if not any(s.covers(f) for s in suppressions)]


def unused(findings: Sequence[Finding], suppressions: Sequence[Suppression],
           known_rules: set[str]) -> list[Suppression]:
    """deferfix:ignore comments that cover no finding (nolint may be meant for other linters)."""
    result = []
    for s in suppressions:
        if s.kind != "deferfix:ignore":
            continue
        if not any(s.covers(f) for f in findings):
            result.append(s)
        elif s.rules and not s.rules <= known_rules:
            result.append(replace(s, rules=s.rules - known_rules))
    return result
