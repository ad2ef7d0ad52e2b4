"""`--new-from-rev REV` (golangci-lint's name): which lines of each file are new since REV.

A finding counts, and its fix is made, only when a line of its statement was added or
changed since REV, so a team can gate new code without fixing the past first. The lines
come from git: `git diff -U0` of the work tree (uncommitted changes too) against REV, or,
when REV names a branch, against the merge base of REV and HEAD (what `git diff REV...`
compares), so commits made on REV since the branch point do not count as new here. A file
that git does not track and does not ignore is new as a whole; a text read from stdin is
compared with its file's text at that commit. Renames are followed (`-M`): a moved file's
old lines stay old.

The answer is a range list per file (1-based, inclusive, of the text as it is now); a file
git knows nothing new of has an empty list. Paths outside a git work tree, a revision git
cannot resolve, or git itself missing are a `RevisionError` (one line, exit 2).
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from typing import Iterable, Mapping

Ranges = tuple[tuple[int, int], ...]

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


class RevisionError(Exception):
    """--new-from-rev cannot be answered; str() is one line."""


def _git(top: str, *args: str) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=top, capture_output=True, timeout=300,
                              env={**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RevisionError(f"--new-from-rev: git {args[0]}: {exc}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"--new-from-rev: git {args[0]}: "
                            f"{message[-1] if message else f'exit {proc.returncode}'}")
    return proc.stdout


def _toplevel(directory: str) -> str | None:
    try:
        proc = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=directory,
                              capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    return os.path.realpath(os.fsdecode(proc.stdout.rstrip(b"\n")))


def base_commit(top: str, rev: str) -> str:
    """The commit to compare with: REV's, or its merge base with HEAD when REV is a branch."""
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                      rev + "^{commit}").decode().strip()
    except RevisionError:
        raise RevisionError(f"--new-from-rev {rev}: not a revision git knows in {top}") \
            from None
    full = _git(top, "rev-parse", "--symbolic-full-name", "--end-of-options",
                rev).decode().strip()
    if full.startswith(("refs/heads/", "refs/remotes/")):
        return _git(top, "merge-base", commit, "HEAD").decode().strip()
    return commit


def _unquote(name: bytes) -> bytes:
    """A path as git prints it in a diff header: C-quoted when it holds odd bytes."""
    if not name.startswith(b'"'):
        return name
    body, out, i = name[1:-1], bytearray(), 0
    escapes = {ord("n"): 10, ord("t"): 9, ord('"'): 34, ord("\\"): 92, ord("a"): 7,
               ord("b"): 8, ord("f"): 12, ord("r"): 13, ord("v"): 11}
    while i < len(body):
        if body[i] == 92 and i + 1 < len(body):
            if body[i + 1] in escapes:
                out.append(escapes[body[i + 1]])
                i += 2
                continue
            out.append(int(body[i + 1:i + 4], 8))
            i += 4
            continue
        out.append(body[i])
        i += 1
    return bytes(out)


def parse_diff(diff: bytes) -> dict[bytes, list[tuple[int, int]]]:
    """New-side line ranges per path (relative to the repository) of a `git diff -U0`."""
    found: dict[bytes, list[tuple[int, int]]] = {}
    current: list[tuple[int, int]] | None = None
    for line in diff.split(b"\n"):
        if line.startswith(b"+++ "):
            name = line[4:].rstrip(b"\t")
            current = None if name == b"/dev/null" else \
                found.setdefault(_unquote(name)[2:], [])          # drop "b/"
        elif line.startswith(b"@@ ") and current is not None:
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or b"1")
                if count:
                    current.append((start, start + count - 1))
    return found


def _changed_lines(old: bytes, new: bytes) -> list[tuple[int, int]]:
    """The lines of `new` that `old` does not have at that place (a stdin text)."""
    ranges = []
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert") and j2 > j1:
            ranges.append((j1 + 1, j2))
    return ranges


def new_lines(files: Iterable[str], rev: str,
              contents: Mapping[str, bytes] | None = None) -> dict[str, Ranges]:
    """Absolute path -> the ranges of its lines that are new since `rev` (see the module's
    docstring). `contents`: texts given instead of the files (stdin), by absolute path."""
    repos: dict[str, list[str]] = {}       # toplevel -> the files in it
    tops: list[str] = []
    for path in files:
        real = os.path.realpath(path)
        top = next((t for t in tops if real.startswith(t + os.sep)), None) or \
            _toplevel(os.path.dirname(real) if os.path.isdir(os.path.dirname(real)) else ".")
        if top is None:
            raise RevisionError(f"--new-from-rev: {path} is not in a git work tree")
        if top not in tops:
            tops.append(top)
        repos.setdefault(top, []).append(path)
    answer: dict[str, Ranges] = {}
    for top, paths in repos.items():
        base = base_commit(top, rev)
        diff = parse_diff(_git(top, "-c", "core.quotepath=off", "diff", "--no-color",
                               "--no-ext-diff", "-U0", "-M", "--src-prefix=a/",
                               "--dst-prefix=b/", base, "--"))
        untracked = {os.fsencode(n) for n in
                     _git(top, "ls-files", "-z", "--others", "--exclude-standard")
                     .decode("utf-8", "surrogateescape").split("\0") if n}
        for path in paths:
            rel = os.fsencode(os.path.relpath(os.path.realpath(path), top))
            if contents and path in contents:
                answer[path] = tuple(_changed_lines(_blob(top, base, rel), contents[path]))
            elif rel in untracked:
                answer[path] = ((1, 1 << 31),)
            else:
                answer[path] = tuple(diff.get(rel, ()))
    return answer


def _blob(top: str, commit: str, rel: bytes) -> bytes:
    """The file's text at `commit`, or b"" when it did not exist there."""
    proc = subprocess.run(["git", "cat-file", "blob",
                           f"{commit}:{os.fsdecode(rel).replace(os.sep, '/')}"],
                          cwd=top, capture_output=True, timeout=60)
    return proc.stdout if proc.returncode == 0 else b""


def is_new(ranges: Ranges, first: int, last: int) -> bool:
    """Whether a statement on lines first..last touches a new line."""
    return any(start <= last and first <= end for start, end in ranges)
