"""Suppression comments.

`//deferfix:ignore` (every rule) or `//deferfix:ignore rule-a,rule-b`, with an optional reason
after ` -- `, covers findings on its own line, or on the next line when the comment stands
alone on its line. golangci-lint's `//nolint`, `//nolint:all` and `//nolint:deferfix` (or a
list naming deferfix or a rule id) are honoured as golangci-lint does: a `//nolint` alone on
its line, in the column where a declaration or statement starts on the next line, covers that
whole declaration or statement. A suppression that covers no finding is "unused"; `unused()`
lists them (only `//nolint` lists that name deferfix or one of its rules, since a bare
`//nolint` may be meant for other linters), together with rule names nobody knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Collection, Sequence

import tree_sitter

from .model import Finding

_DIRECTIVE = re.compile(
    rb"//[ \t]*(?P<kind>deferfix:ignore|nolint)"
    # Names start with a letter or digit, so ` -- reason` is never taken for a name.
    rb"(?P<rules>(?::|[ \t]+)[ \t]*[A-Za-z0-9_][A-Za-z0-9_\-]*"
    rb"(?:[ \t,]+[A-Za-z0-9_][A-Za-z0-9_\-]*)*)?"
    rb"(?:[ \t]+--[ \t]*(?P<reason>[^\r\n]*)|[ \t]*//[^\r\n]*)?[ \t]*\r?$",
    re.MULTILINE)

# Names in a suppression that mean "every deferfix rule".
_ALL = frozenset({"deferfix", "all"})


@dataclass(frozen=True)
class Suppression:
    line: int                      # line of the comment
    col: int                       # column of the comment's `//`
    own_line: bool                 # the comment stands alone on its line
    rules: frozenset[str] | None   # None: every rule
    kind: str                      # "deferfix:ignore" or "nolint"
    reason: str = ""
    # Last line covered: line (or line + 1 when own_line), or the end of the node a //nolint
    # stands above.
    end_line: int = 0
    # Why `unused()` reports it.
    problem: str = ""
    end_col: int = 0               # just past the comment

    @property
    def last_line(self) -> int:
        return self.end_line or (self.line + 1 if self.own_line else self.line)

    def names(self, rule: str) -> bool:
        return self.rules is None or rule in self.rules or bool(self.rules & _ALL)

    def covers(self, finding: Finding) -> bool:
        return self.line <= finding.line <= self.last_line and self.names(finding.rule)

    def describe(self) -> str:
        if not self.rules:
            return f"//{self.kind}"
        sep = ":" if self.kind == "nolint" else " "
        return f"//{self.kind}{sep}{','.join(sorted(self.rules))}"


def parse(src: bytes, root: tree_sitter.Node | None = None) -> list[Suppression]:
    """The suppressions in `src`; with the parse tree, //nolint covers whole nodes."""
    if b"deferfix:ignore" not in src and b"nolint" not in src:
        return []
    found = []
    for match in _DIRECTIVE.finditer(src):
        if root is not None and not _in_comment(root, match.start()):
            continue  # "//nolint" inside a string literal
        line = src.count(b"\n", 0, match.start()) + 1
        line_start = src.rfind(b"\n", 0, match.start()) + 1
        own_line = src[line_start:match.start()].strip() == b""
        raw = (match.group("rules") or b"").decode("utf-8", "replace")
        kind = match.group("kind").decode()
        names = {r.strip() for r in re.split(r"[,\s]+", raw.lstrip(":")) if r.strip()}
        if kind == "nolint" and raw and not raw.startswith(":"):
            names = set()  # "//nolint foo" is not a linter list: it covers everything
        reason = (match.group("reason") or b"").decode("utf-8", "replace").strip()
        col = match.start() - line_start
        end_line = 0
        if kind == "nolint" and own_line and root is not None:
            end_line = _node_end_line(root, line, col)
        found.append(Suppression(line, col + 1, own_line, frozenset(names) or None, kind,
                                 reason, end_line,
                                 end_col=len(match.group(0).rstrip(b"\r")) + col + 1))
    return found


def _in_comment(root: tree_sitter.Node, offset: int) -> bool:
    node = root.descendant_for_byte_range(offset, offset + 2)
    return node is not None and node.type == "comment"


def _node_end_line(root: tree_sitter.Node, line: int, col: int) -> int:
    """golangci-lint's range expansion: the last line of the largest node that starts on the
    next line in the comment's column, or 0 when none does."""
    point = (line, col)  # tree-sitter rows are 0-based: `line` is the next line's row
    node = root.named_descendant_for_point_range(point, point)
    if node is None or node.start_point != point:
        return 0
    while node.parent is not None and node.parent.start_point == point \
            and node.parent.type != "source_file":
        node = node.parent
    return node.end_point.row + 1


def filter_findings(findings: Sequence[Finding],
                    suppressions: Sequence[Suppression]) -> list[Finding]:
    if not suppressions:
        return list(findings)
    return [f for f in findings if not any(s.covers(f) for s in suppressions)]


def unused(findings: Sequence[Finding], suppressions: Sequence[Suppression],
           known_rules: Collection[str], ran_rules: Collection[str] | None = None
           ) -> list[Suppression]:
    """Suppressions that cover none of `findings`, and ones that name unknown rules.

    `ran_rules` are the rules that ran (default: all known). A suppression that could cover a
    rule that did not run is not called unused: that rule might have needed it.
    """
    known = set(known_rules)
    ran = set(known if ran_rules is None else ran_rules)
    result = []
    for s in suppressions:
        if s.kind == "nolint" and (s.rules is None or not s.rules & (known | _ALL)):
            continue  # meant for golangci-lint's other linters
        # In a //nolint list, names that are not ours belong to other linters.
        unknown = [] if s.kind == "nolint" else sorted((s.rules or frozenset()) - known - _ALL)
        if unknown:
            result.append(_with_problem(s, f"unknown rule{'s' if len(unknown) > 1 else ''} "
                                           f"{', '.join(unknown)}"))
            continue
        if any(s.covers(f) for f in findings):
            continue
        if any(s.names(rule) for rule in known - ran):
            continue  # a rule it names did not run
        result.append(_with_problem(s, "no finding to suppress"))
    return result


def _with_problem(s: Suppression, problem: str) -> Suppression:
    return replace(s, problem=problem)


UNUSED_RULE = "unused-suppression"


def unused_findings(display: str, suppressions: Sequence[Suppression]) -> list[Finding]:
    """The unused suppressions of one file as report-only findings (`check
    --show-unused-suppressions`), so every output format shows them like any finding."""
    return [Finding(rule=UNUSED_RULE, path=display, line=s.line, col=s.col,
                    message=f"{s.describe()}: {s.problem}", end_line=s.line,
                    end_col=s.end_col or s.col)
            for s in suppressions]
