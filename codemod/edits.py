"""Applying the edits of many fixes to one file in a single pass."""

from __future__ import annotations

from typing import Iterable, Sequence

from .model import Edit, Finding


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two byte ranges conflict when they share a byte, or are the same insertion point."""
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1] or (a[0] == a[1] and b[0] < a[0] < b[1]) \
        or (b[0] == b[1] and a[0] < b[0] < a[1])


def choose_compatible(findings: Iterable[Finding]) -> list[Finding]:
    """The findings, in order, whose fixes do not overlap an earlier chosen one.

    The rest wait for the next pass, when they are found again on the new text.
    """
    chosen: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for finding in findings:
        assert finding.fix is not None
        spans = [(e.start, e.end) for e in finding.fix.edits]
        if any(overlaps(s, t) for s in spans for t in taken):
            continue
        if any(overlaps(s, t) for i, s in enumerate(spans) for t in spans[i + 1:]):
            continue  # a fix whose own edits overlap is malformed
        chosen.append(finding)
        taken.extend(spans)
    return chosen


def apply_edits(src: bytes, edits: Sequence[Edit]) -> bytes:
    """Apply non-overlapping edits (in any order) and return the new bytes."""
    out, pos = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos or edit.end > len(src):
            raise ValueError(f"overlapping or out-of-range edit {edit.start}..{edit.end}")
        out.append(src[pos:edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(src[pos:])
    return b"".join(out)
