"""Which Go files a run looks at.

Paths are files or directories, walked recursively. Inside a git work tree the files are those
git would track (`git ls-files -co --exclude-standard`, so .gitignore holds); outside one,
.gitignore files are read with pathspec. As the go command does, directories named `vendor` or
`testdata`, or starting with `.` or `_`, are skipped below a directory that was named. Files
named on the command line are always taken. `--exclude` globs use gitignore syntax.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field

import pathspec

GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.MULTILINE)
_PACKAGE = re.compile(rb"^package\s", re.MULTILINE)


@dataclass
class Discovered:
    files: list[str] = field(default_factory=list)          # absolute paths, sorted, unique
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


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


def _git_files(directory: str) -> list[str] | None:
    """Go files git would track under `directory`, or None when it is not in a work tree."""
    try:
        proc = subprocess.run(
            ["git", "ls-files", "-z", "-c", "-o", "--exclude-standard", "--", "*.go"],
            cwd=directory, capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    names = [n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
    # ls-files lists tracked files that were deleted from the tree too.
    paths = (os.path.join(directory, name) for name in names)
    return [p for p in paths if os.path.isfile(p)]


def _walk_with_gitignore(directory: str) -> list[str]:
    """Walk `directory`, honouring every .gitignore on the way down."""
    found: list[str] = []
    specs: list[tuple[str, pathspec.PathSpec]] = []
    for current, dirs, files in os.walk(directory):
        specs = [(base, spec) for base, spec in specs
                 if current == base or current.startswith(base + os.sep)]
        ignore_file = os.path.join(current, ".gitignore")
        if os.path.isfile(ignore_file):
            try:
                with open(ignore_file, encoding="utf-8", errors="replace") as handle:
                    specs.append((current, pathspec.GitIgnoreSpec.from_lines(handle)))
            except OSError:
                pass

        def ignored(path: str, is_dir: bool) -> bool:
            for base, spec in specs:
                rel = os.path.relpath(path, base).replace(os.sep, "/")
                if spec.match_file(rel + "/" if is_dir else rel):
                    return True
            return False

        dirs[:] = sorted(d for d in dirs
                         if not _skipped_dir(d) and not ignored(os.path.join(current, d), True))
        for name in sorted(files):
            path = os.path.join(current, name)
            if name.endswith(".go") and not ignored(path, False):
                found.append(path)
    return found


def discover(paths: list[str], excludes: list[str] | None = None) -> Discovered:
    result = Discovered()
    exclude_spec = pathspec.GitIgnoreSpec.from_lines(excludes or [])
    seen: set[str] = set()
    for given in paths:
        root = os.path.abspath(given)
        if os.path.isfile(root):
            candidates, base = [root], os.path.dirname(root)
        elif os.path.isdir(root):
            listed = _git_files(root)
            if listed is None:
                candidates = _walk_with_gitignore(root)
            else:
                candidates = [p for p in listed if not _skipped_below(root, p)]
            base = root
        else:
            result.errors.append((given, "no such file or directory"))
            continue
        for path in candidates:
            rel = os.path.relpath(path, base).replace(os.sep, "/")
            if excludes and (exclude_spec.match_file(rel)
                             or exclude_spec.match_file(display_path(path))):
                continue
            if path not in seen:
                seen.add(path)
                result.files.append(path)
    result.files.sort()
    return result


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
