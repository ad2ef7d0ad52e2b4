"""The fixes a document (json, SARIF) carries: one per edit set, never overlapping.

A file's findings are fixed in passes, and two findings may share a region (two defers of
one loop body rewritten as one scoped block). Their own `Fix.edits` then overlap, and later
passes' edits refer to texts the document never shows. So the document's fixes are cut from
what the run really produces: the changed regions between the original and the final
(verified) text, by line, each given to the findings whose fix touches it. Regions that share
a finding, and findings that share a region, make one `FixSet`; every finding it resolves
refers to it. Applying every set of a file, in any order, gives exactly the final text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Sequence

from .model import Applicability, Edit, Finding


@dataclass
class FixSet:
    id: int
    path: str                       # display path
    edits: tuple[Edit, ...]         # on the original text, sorted, disjoint
    findings: list[Finding] = field(default_factory=list)
    # "go vet" (gofmt and go vet passed), "gofmt" (go vet could not run or was skipped),
    # or "none" (check: computed, not verified).
    verification: str = "go vet"
    unverified: str = ""            # why not go vet, when it was not

    @property
    def applicability(self) -> Applicability:
        """The weakest applicability of the findings it resolves."""
        levels = [f.applicability for f in self.findings]
        return Applicability.UNSAFE if Applicability.UNSAFE in levels else Applicability.SAFE

    @property
    def description(self) -> str:
        seen: list[str] = []
        for finding in self.findings:
            if finding.fix is not None and finding.fix.description not in seen:
                seen.append(finding.fix.description)
        return "; ".join(seen)

    def to_dict(self) -> dict:
        return {"id": self.id, "path": self.path, "applicability": self.applicability.value,
                "description": self.description, "verification": self.verification,
                "unverified": self.unverified,
                "findings": [[f.rule, f.line, f.col] for f in self.findings],
                "edits": [e.to_dict() for e in self.edits]}


def _line_starts(text: bytes) -> list[int]:
    starts = [0]
    position = text.find(b"\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find(b"\n", position + 1)
    return starts


def regions(original: bytes, new: bytes) -> list[Edit]:
    """The changed line ranges from `original` to `new`, as disjoint edits of `original`."""
    old_lines = original.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    old_starts = _line_starts(original)[:len(old_lines)] + [len(original)]
    new_starts = _line_starts(new)[:len(new_lines)] + [len(new)]
    # The lines before the first change and after the last are equal: only the middle goes
    # to difflib, whose matching is quadratic in lines that repeat (thousands of `}`).
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < min(len(old_lines), len(new_lines)) - head \
            and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(None, old_lines[head:len(old_lines) - tail],
                                      new_lines[head:len(new_lines) - tail], autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(Edit(old_starts[head + i1], old_starts[head + i2],
                              new[new_starts[head + j1]:new_starts[head + j2]]))
    return edits


def _touches(finding: Finding, reach: tuple[int, int]) -> bool:
    """The finding's fix (or, without edits, its node) reaches into the region's lines."""
    spans = [(e.start, e.end) for e in finding.fix.edits] if finding.fix is not None \
        and finding.fix.edits else [(finding.start, finding.end)]
    return any(start <= reach[1] and reach[0] <= end for start, end in spans)


def _reach(original: bytes, edit: Edit) -> tuple[int, int]:
    """The bytes a region stands for: its lines, and for an insertion the line it goes
    before (a fix inserts after the indentation, the region at the line's start)."""
    end = original.find(b"\n", edit.end)
    return edit.start, (len(original) if end < 0 else end) if edit.start == edit.end \
        else edit.end


def fix_sets(path: str, original: bytes, new: bytes, findings: Sequence[Finding],
             first_id: int = 1) -> list[FixSet]:
    """The fix sets of one file: `findings` are the ones whose fixes the final text holds."""
    changed = regions(original, new)
    fixed = [f for f in findings if f.fix is not None
             and f.fix.applicability is not Applicability.NONE]
    # Union-find over regions: two regions are one set when a finding touches both.
    parent = list(range(len(changed)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, list[Finding]] = {}
    reaches = [_reach(original, edit) for edit in changed]
    for finding in fixed:
        touched = [i for i, reach in enumerate(reaches) if _touches(finding, reach)]
        for i in touched[1:]:
            parent[root(i)] = root(touched[0])
        if touched:
            owner.setdefault(touched[0], []).append(finding)
    if changed and not owner and fixed:
        owner[0] = list(fixed)
        for i in range(1, len(changed)):
            parent[root(i)] = root(0)
    # A region no finding touches (gofmt realigned a neighbouring line) joins the nearest set.
    claimed = {root(i) for i in owner}
    for i, edit in enumerate(changed):
        if root(i) in claimed or not claimed:
            continue
        nearest = min(claimed, key=lambda j: min(abs(changed[k].start - edit.start)
                                                 for k in range(len(changed)) if root(k) == j))
        parent[root(i)] = nearest
    groups: dict[int, list[int]] = {}
    for i in range(len(changed)):
        groups.setdefault(root(i), []).append(i)
    members: dict[int, list[Finding]] = {}
    for i, found in owner.items():
        members.setdefault(root(i), []).extend(found)
    sets = []
    for key in sorted(groups, key=lambda k: changed[groups[k][0]].start):
        if key not in members:
            continue
        resolved = sorted(members[key], key=lambda f: (f.start, f.rule))
        sets.append(FixSet(first_id + len(sets), path,
                           tuple(changed[i] for i in groups[key]), resolved))
    return sets
