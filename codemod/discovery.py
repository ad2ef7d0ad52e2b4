"""Which Go files a run looks at.

Paths are files or directories, walked recursively. Inside a git work tree the files are those
git would track (`git ls-files -co --exclude-standard`, so .gitignore holds); outside one,
.gitignore files are read with pathspec. As the go command does, directories named `vendor` or
`testdata`, or starting with `.` or `_`, are skipped below a directory that was named. Files
named on the command line are always taken. `--exclude` globs use gitignore syntax.

Each real file is analysed once. A symlink whose target lies inside the tree (below a
directory named on the command line, or in the directory of a file named there) stands for its
target: the file is analysed, reported and written under the target's path in the tree, so the
link stays a link and a diff applies to a regular file. A symlink that leads out of the tree is
analysed under its own path, and its fixes are report-only (`Discovered.outside` says why):
deferfix never writes outside the paths it is given. A name ending in .go that is not a regular
file (a FIFO, a socket, a link to a directory) is skipped with a reason, never opened.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.MULTILINE)
_PACKAGE = re.compile(rb"^package\s", re.MULTILINE)


@dataclass
class Discovered:
    files: list[str] = field(default_factory=list)          # absolute paths, sorted, unique
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    # Symlinks that lead out of the tree: path -> why their fixes are report-only.
    outside: dict[str, str] = field(default_factory=dict)
    # Names that are not regular files (FIFOs, sockets, links to a directory): path -> why.
    skipped: dict[str, str] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)   # (path, note), for -v
    # Outside a git work tree: .go files a .gitignore pattern hid (path, which pattern), so
    # that a pattern meant for something else (`tool*` for a binary) does not hide a source
    # directory without a word.
    ignored: list[tuple[str, str]] = field(default_factory=list)


def package_clause(src: bytes) -> bool:
    """Whether a line of `src` starts with a package clause."""
    return _PACKAGE.search(src) is not None


def is_generated(src: bytes) -> bool:
    """True when a `// Code generated … DO NOT EDIT.` line stands before the package clause."""
    package = _PACKAGE.search(src)
    header = src[: package.start()] if package else src
    return GENERATED.search(header) is not None


def _skipped_dir(name: str) -> bool:
    return name in ("vendor", "testdata") or name.startswith((".", "_"))


def _skipped_below(root: str, path: str) -> bool:
    rel = os.path.relpath(os.path.dirname(path), root)
    if rel == ".":
        return False
    return any(_skipped_dir(part) for part in rel.split(os.sep))


# What git says (in the C locale) of a directory it cannot list.
_GIT_UNREADABLE = re.compile(r"^warning: could not open directory '(?P<dir>.*)': (?P<why>.*)$",
                             re.MULTILINE)


def _git_files(directory: str, unreadable: list[tuple[str, str]]) -> list[str] | None:
    """Go files git would track under `directory`, or None when it is not in a work tree.
    Directories git cannot list are added to `unreadable` as (path, why)."""
    try:
        proc = subprocess.run(
            ["git", "ls-files", "-z", "-c", "-o", "--exclude-standard", "--", "*.go"],
            cwd=directory, capture_output=True, check=False, timeout=120,
            env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    for match in _GIT_UNREADABLE.finditer(proc.stderr.decode("utf-8", "surrogateescape")):
        path = os.path.normpath(os.path.join(directory, match.group("dir")))
        if not _skipped_below(directory, os.path.join(path, "x.go")):
            unreadable.append((path, match.group("why")))
    names = [n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
    # ls-files lists tracked files that were deleted from the tree too.
    paths = (os.path.join(directory, name) for name in names)
    return [p for p in paths if os.path.lexists(p)]


def _gitignore(lines: list[str]) -> "pathspec.PathSpec":
    """gitignore patterns, with pathspec imported on first use (a tree in git, the usual
    case, needs none: it takes ~30 ms to import, asyncio with it)."""
    import pathspec
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _walk_with_gitignore(directory: str, unreadable: list[tuple[str, str]],
                         hidden: list[tuple[str, str]] | None = None) -> list[str]:
    """Walk `directory`, honouring every .gitignore on the way down. Directories that cannot
    be listed are added to `unreadable` as (path, why); .go files a pattern hid (in an
    ignored directory too, unless the go command would skip it anyway) to `hidden` as
    (path, why)."""
    found: list[str] = []
    specs: list[tuple[str, pathspec.PathSpec]] = []
    hidden = hidden if hidden is not None else []

    def cannot_list(exc: OSError) -> None:
        unreadable.append((exc.filename or directory, exc.strerror or str(exc)))

    for current, dirs, files in os.walk(directory, onerror=cannot_list):
        specs = [(base, spec) for base, spec in specs
                 if current == base or current.startswith(base + os.sep)]
        ignore_file = os.path.join(current, ".gitignore")
        if os.path.isfile(ignore_file):
            try:
                with open(ignore_file, encoding="utf-8", errors="replace") as handle:
                    lines = handle.read().splitlines()
                specs.append((current, _gitignore(lines)))
            except OSError:
                pass

        def ignored(path: str, is_dir: bool) -> str:
            """Why `path` is ignored ("" when it is not): the .gitignore and the pattern."""
            for base, spec in reversed(specs):     # the nearest .gitignore decides first
                rel = os.path.relpath(path, base).replace(os.sep, "/")
                check = spec.check_file(rel + "/" if is_dir else rel)
                if check.include:
                    pattern = spec.patterns[check.index].pattern
                    where = display_path(os.path.join(base, ".gitignore"))
                    return f"ignored by {where} (pattern {pattern!r}); name it to analyse it"
                if check.include is False:         # re-included by a later '!pattern'
                    return ""
            return ""

        kept = []
        for name in sorted(dirs):
            if _skipped_dir(name):
                continue
            why = ignored(os.path.join(current, name), True)
            if why:
                hidden.extend((path, why) for path in _go_files_below(os.path.join(current,
                                                                                   name)))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = os.path.join(current, name)
            if name.endswith(".go"):
                why = ignored(path, False)
                if why:
                    hidden.append((path, why))
                else:
                    found.append(path)
    return found


def _go_files_below(directory: str) -> list[str]:
    """The .go files below `directory` that a walk would take if nothing ignored them."""
    found = []
    for current, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not _skipped_dir(d))
        found.extend(os.path.join(current, f) for f in sorted(files) if f.endswith(".go"))
    return found


def discover(paths: list[str], excludes: list[str] | None = None) -> Discovered:
    result = Discovered()
    exclude_spec = _gitignore(excludes) if excludes else None
    walked: list[tuple[list[str], str]] = []   # (candidates, the directory they are below)
    unreadable: list[tuple[str, str]] = []
    for given in paths:
        root = os.path.abspath(given)
        if os.path.isdir(root):
            listed = _git_files(root, unreadable)
            if listed is None:
                hidden: list[tuple[str, str]] = []
                candidates = _walk_with_gitignore(root, unreadable, hidden)
                result.ignored.extend(hidden)
            else:
                candidates = [p for p in listed if not _skipped_below(root, p)]
            walked.append((candidates, root))
        elif not given.endswith(".go") and (os.path.isfile(root) or os.path.islink(root)):
            # Named on purpose, but not Go source: never rewritten as if it were.
            result.errors.append((given, "not a .go file: deferfix reads Go source files "
                                         "(name their directory, or a .go file)"))
        elif os.path.isfile(root) or os.path.islink(root):
            walked.append(([root], os.path.dirname(root)))
        elif os.path.lexists(root):
            result.errors.append((given, "not a regular file or directory"))
        else:
            result.errors.append((given, "no such file or directory"))
    result.errors.extend((display_path(path), f"cannot read the directory: {why}")
                         for path, why in unreadable)
    tree = _Tree([base for _, base in walked])
    seen: set[str] = set()       # the real file of every path taken
    for candidates, base in walked:
        for path in candidates:
            if excludes and (exclude_spec.match_file(os.path.relpath(path, base).replace(
                    os.sep, "/")) or exclude_spec.match_file(display_path(path))):
                continue
            entry = tree.resolve(path, base)
            if entry.real in seen:
                continue
            seen.add(entry.real)
            if entry.skipped:
                result.skipped[path] = entry.skipped
                continue
            result.files.append(entry.path)
            if entry.outside:
                result.outside[entry.path] = entry.outside
            if entry.path != path:
                result.notes.append((display_path(path), f"a symlink to "
                                     f"{display_path(entry.path)}: analysed as that file"))
    result.files.sort()
    return result


@dataclass(frozen=True)
class _Entry:
    real: str              # the real file (or, for a broken link, the link itself)
    path: str              # the path to analyse it under
    skipped: str = ""      # why it is not analysed at all
    outside: str = ""      # why its fixes are report-only


class _Tree:
    """The directories a run covers, to tell where a symlink leads."""

    def __init__(self, bases: list[str]) -> None:
        # (the directory as given, its real path), the deepest first: a file is mapped into
        # the innermost given directory that holds it.
        pairs = {(base.rstrip(os.sep) or os.sep, os.path.realpath(base)) for base in bases}
        self.bases = sorted(pairs, key=lambda pair: -len(pair[1]))

    def inside(self, real: str, first: str) -> str | None:
        """`real` (a real path) as a path below a given directory (the given directory
        `first` if it holds it), or None when it is outside them."""
        first = first.rstrip(os.sep) or os.sep
        for base, real_base in sorted(self.bases, key=lambda pair: pair[0] != first):
            if _below(real, real_base):
                return os.path.normpath(os.path.join(base, os.path.relpath(real, real_base)))
        return None

    def resolve(self, path: str, base: str) -> _Entry:
        """What the discovered `path`, found below the given directory `base`, stands for."""
        try:
            mode = os.lstat(path).st_mode
        except OSError:         # gone already: analysing it says so in one line
            return _Entry(self._real_entry(path), path)
        if stat.S_ISREG(mode):
            return _Entry(self._real_entry(path), path)
        if not stat.S_ISLNK(mode):
            return _Entry(self._real_entry(path), path, f"not a regular file: a {file_kind(mode)}")
        real = os.path.realpath(path)
        try:
            target_mode = os.stat(real).st_mode
        except OSError:         # dangling or a loop: go cannot read it either
            return _Entry(self._real_entry(path), path)
        if not stat.S_ISREG(target_mode):
            return _Entry(real, path, f"not a regular file: a symlink to a "
                                      f"{file_kind(target_mode)}")
        in_tree = self.inside(real, base)
        if in_tree is not None:
            return _Entry(real, in_tree)
        shown = display_path(real)
        return _Entry(real, path, outside=f"a symlink to {shown}, outside the paths given: "
                                          f"deferfix does not write there (run it over {shown})")

    def _real_entry(self, path: str) -> str:
        """The real path of the directory entry `path` (not of what it links to), without a
        realpath per file: the walk below a given directory follows no link, so only the
        given directory may be reached through one."""
        for base, real_base in self.bases:
            if _below(path, base):
                return path if base == real_base else real_base + path[len(base):]
        return os.path.realpath(path)


def _below(path: str, directory: str) -> bool:
    return path.startswith(directory) and path[len(directory):len(directory) + 1] == os.sep \
        or directory == os.sep


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, in a word or two."""
    for test, name in ((stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "FIFO"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def display_path(path: str) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    cwd = os.getcwd()
    if cwd != os.sep and path.startswith(cwd) and path[len(cwd):len(cwd) + 1] == os.sep \
            and os.path.normpath(path) == path:
        rel = path[len(cwd) + 1:]   # what relpath gives, without its cost (once per file)
    else:
        rel = os.path.relpath(path)
    shown = path if rel.startswith("..") else rel
    return shown.replace(os.sep, "/")
