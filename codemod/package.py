"""The other files of a file's package, for the few rules that must look past one file.

A rule asks, for example, whether an unexported function is deferred anywhere in its package.
The engine answers from the `.go` files in the same directory whose package clause names the
same package (test files of that package included; build tags are ignored, which can only
add mentions). Files are parsed lazily and cached per process by path, size and mtime, so a
long-lived process sees edits. The current file is never read from disk: the caller passes
its (possibly already fixed) tree.
"""

from __future__ import annotations

import os
import re
from typing import Iterator

import tree_sitter

from . import parsing

_PACKAGE = re.compile(rb"^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


class SourceFile:
    def __init__(self, path: str, src: bytes) -> None:
        self.path = path   # absolute
        self.src = src
        self._tree: tree_sitter.Tree | None = None

    @property
    def tree(self) -> tree_sitter.Tree:
        if self._tree is None:
            self._tree = parsing.parse(self.src)
        return self._tree


_CACHE_LIMIT = 512
_cache: dict[tuple[str, int, int], SourceFile] = {}


def package_name(src: bytes) -> str:
    match = _PACKAGE.search(src)
    return match.group(1).decode() if match else ""


def _load(path: str) -> SourceFile | None:
    try:
        stat = os.stat(path)
        key = (path, stat.st_size, stat.st_mtime_ns)
        if key not in _cache:
            if len(_cache) >= _CACHE_LIMIT:
                _cache.clear()
            with open(path, "rb") as handle:
                src = handle.read()
            _cache[key] = SourceFile(path, src)
        return _cache[key]
    except OSError:
        return None


def siblings(path: str, package: str, containing: bytes = b"") -> Iterator[SourceFile]:
    """The other .go files of `package` in the directory of `path`.

    `containing` is a byte pre-filter: files that do not hold it are not parsed.
    """
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return
    for name in names:
        other = os.path.join(directory, name)
        if not name.endswith(".go") or other == path or not os.path.isfile(other):
            continue
        loaded = _load(other)
        if loaded is None or containing and containing not in loaded.src:
            continue
        if package_name(loaded.src) == package:
            yield loaded
