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

    An edit identical to one already chosen (the same range and replacement: two closures
    that need the one copy `tc := tc`) is shared, not a conflict: it is made once
    (`unique_edits`). The rest wait for the next pass, when they are found again on the new
    text.
    """
    chosen: list[Finding] = []
    taken: dict[tuple[int, int], set[bytes]] = {}
    for finding in findings:
        assert finding.fix is not None
        own = [e for e in finding.fix.edits if e.replacement not in taken.get((e.start, e.end), ())]
        spans = [(e.start, e.end) for e in own]
        if any(overlaps(s, t) for s in spans for t in taken):
            continue
        if any(overlaps(s, t) for i, s in enumerate(spans) for t in spans[i + 1:]):
            continue  # a fix whose own edits overlap is malformed
        chosen.append(finding)
        for edit in own:
            taken.setdefault((edit.start, edit.end), set()).add(edit.replacement)
    return chosen


def unique_edits(edits: Iterable[Edit]) -> list[Edit]:
    """The edits with each identical one kept once (shared edits of several fixes)."""
    return sorted(set(edits))


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
