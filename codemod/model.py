"""The data every part of deferfix exchanges: findings, fixes and edits.

A transform returns `Finding`s; each may carry one `Fix`, a list of byte-range `Edit`s with an
applicability (the ruff model: safe fixes are applied by default, unsafe ones only on request,
`none` is report-only). The types are small, immutable and serialisable, because text, json,
SARIF and the PR body all render the same data.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Applicability(str, enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    NONE = "none"

    def __str__(self) -> str:  # so f-strings print "safe", not "Applicability.SAFE"
        return self.value


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the bytes [start, end) of the original file with `replacement`."""

    start: int
    end: int
    replacement: bytes = b""

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad edit range {self.start}..{self.end}")

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end,
                "replacement": self.replacement.decode("utf-8", "surrogateescape")}


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    description: str
    edits: tuple[Edit, ...] = ()
    # Why the fix has this applicability, in words a reviewer can check.
    reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "applicability", Applicability(self.applicability))
        object.__setattr__(self, "edits", tuple(sorted(self.edits)))
        if self.applicability is not Applicability.NONE and not self.edits:
            raise ValueError("a safe or unsafe fix needs edits")

    @property
    def span(self) -> tuple[int, int]:
        if not self.edits:
            return (0, 0)
        return (min(e.start for e in self.edits), max(e.end for e in self.edits))

    def to_dict(self) -> dict:
        return {"applicability": self.applicability.value, "description": self.description,
                "reason": self.reason, "edits": [e.to_dict() for e in self.edits]}


@dataclass(frozen=True)
class Finding:
    rule: str
    path: str
    line: int
    col: int
    message: str
    fix: Fix | None = None
    # Byte range of the flagged node in the file the finding was made on.
    start: int = 0
    end: int = 0
    end_line: int = 0
    end_col: int = 0
    # Set by the runner: "fix rejected: <reason>" and the like.
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def applicability(self) -> Applicability:
        return self.fix.applicability if self.fix else Applicability.NONE

    @property
    def key(self) -> tuple[str, str, int, int]:
        """Identity of a finding within one run (stable across passes of the same file)."""
        return (self.rule, self.path, self.line, self.col)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule, "path": self.path, "line": self.line, "col": self.col,
            "end_line": self.end_line, "end_col": self.end_col, "message": self.message,
            "fix": self.fix.to_dict() if self.fix else None, "notes": list(self.notes),
        }
