"""The other files of a file's package, for the few rules that must look past one file.

A rule asks, for example, whether an unexported function is deferred anywhere in its package.
The engine answers from the `.go` files in the same directory whose package clause names the
same package (test files of that package included; build tags are ignored, which can only
add mentions). Files are parsed lazily and cached per process by path, size and mtime, so a
long-lived process sees edits. The current file is never read from disk: the caller passes
its (possibly already fixed) tree.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from typing import Callable, Iterator

import tree_sitter

from . import parsing

_PACKAGE = re.compile(rb"^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


class SourceFile:
    def __init__(self, path: str, src: bytes) -> None:
        self.path = path   # absolute
        self.src = src
        self._tree: tree_sitter.Tree | None = None
        self._declares: dict[str, bool] = {}

    def may_declare(self, name: str) -> bool:
        """`may_declare(self.src, name)`, remembered: every file of a package asks the
        same questions of its siblings."""
        if name not in self._declares:
            self._declares[name] = may_declare(self.src, name)
        return self._declares[name]

    @property
    def tree(self) -> tree_sitter.Tree:
        if self._tree is None:
            self._tree = parsing.parse(self.src)
        return self._tree


_CACHE_LIMIT = 512
_cache: dict[tuple[str, int, int], SourceFile] = {}
# While the runner analyses one directory (see `snapshot`): directory -> its .go files, and
# path -> file, trusted without a stat.
_snapshot: tuple[dict[str, list[str]], dict[str, SourceFile | None]] | None = None


@contextlib.contextmanager
def snapshot() -> Iterator[None]:
    """For one runner task: the files on disk do not change while it runs (fixes are written
    later, by the main process), so each directory is listed once and each sibling is read
    once, instead of a listing and a stat per file at every lookup."""
    global _snapshot
    _snapshot = ({}, {})
    try:
        yield
    finally:
        _snapshot = None


def package_name(src: bytes) -> str:
    match = _PACKAGE.search(src)
    return match.group(1).decode() if match else ""


def _load(path: str) -> SourceFile | None:
    if _snapshot is not None:
        files = _snapshot[1]
        if path not in files:
            try:
                with open(path, "rb") as handle:
                    files[path] = SourceFile(path, handle.read())
            except OSError:
                files[path] = None
        return files[path]
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


def _go_files(directory: str) -> list[str]:
    """The paths of the regular .go files in `directory`, sorted."""
    if _snapshot is not None and directory in _snapshot[0]:
        return _snapshot[0][directory]
    try:
        with os.scandir(directory) as entries:
            found = sorted(entry.path for entry in entries
                           if entry.name.endswith(".go") and entry.is_file())
    except OSError:
        found = []
    if _snapshot is not None:
        _snapshot[0][directory] = found
    return found


def siblings(path: str, package: str, containing: bytes = b"",
             declaring: str = "") -> Iterator[SourceFile]:
    """The other .go files of `package` in the directory of `path`.

    `containing` and `declaring` (a function or method name, see `may_declare`) are byte
    pre-filters: files that do not hold them are not parsed.
    """
    path = os.path.abspath(path)
    for other in _go_files(os.path.dirname(path)):
        if other == path:
            continue
        loaded = _load(other)
        if loaded is None or containing and containing not in loaded.src \
                or declaring and not loaded.may_declare(declaring):
            continue
        if package_name(loaded.src) == package:
            yield loaded


def may_declare(src: bytes, name: str) -> bool:
    """Whether `src` may declare the function or method `name`: an occurrence of the name
    followed by its parameters or type parameters whose text back to the last brace holds
    `func` (`func Name(`, `func (r *T[K]) Name[U any](`; a receiver holds no brace). A call
    rarely passes, so files that only call it are not parsed; a declaration always does."""
    # The text between two occurrences is searched once, for the last brace and the last
    # `func` in it, not back from each occurrence to its brace: a long table of calls inside
    # one brace would make that quadratic.
    scanned, last_brace, last_func = 0, -1, -1
    for match in _name_pattern(name).finditer(src):
        start = match.start()
        brace = max(src.rfind(b"{", scanned, start), src.rfind(b"}", scanned, start))
        last_brace = max(last_brace, brace)
        last_func = max(last_func, _last_func(src, scanned, start))
        scanned = start
        if start and _IDENTIFIER_BYTE.match(src, start - 1):
            continue   # the end of a longer name
        if last_func > last_brace:
            return True
    return False


def _last_func(src: bytes, low: int, high: int) -> int:
    """Where the last keyword `func` in src[low:high] starts, or -1."""
    at = src.rfind(b"func", low, high)
    while at >= 0:
        if not (at and _IDENTIFIER_BYTE.match(src, at - 1)) \
                and not _IDENTIFIER_BYTE.match(src, at + 4):
            return at
        at = src.rfind(b"func", low, at)
    return -1
_IDENTIFIER_BYTE = re.compile(rb"[A-Za-z0-9_\x80-\xff]")


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[bytes]:
    # No \b in front: a pattern that starts with a literal is searched for fast.
    return re.compile(re.escape(name.encode()) + rb"\s*[\[(]")


# --- package-level names ---------------------------------------------------------------------

def imports(root: tree_sitter.Node, src: bytes) -> dict[str, str]:
    """Local package name -> import path, for the imports of one file (not `_` or `.`).

    An unnamed import is known by the last element of its path (`math/rand` -> rand,
    `gopkg.in/yaml.v3` -> yaml, and `example.com/go-foo` -> foo is the usual convention but
    not certain: such names are left out, so callers treat them as unknown).
    """
    found: dict[str, str] = {}
    specs = (spec for decl in root.named_children if decl.type == "import_declaration"
             for spec in _descendants(decl, "import_spec", stop=()))
    for spec in specs:
        path_node = spec.child_by_field_name("path")
        if path_node is None:
            continue
        path = _text(src, path_node).strip('"`')
        name_node = spec.child_by_field_name("name")
        if name_node is not None:
            name = _text(src, name_node)
            if name not in ("_", "."):
                found[name] = path
            continue
        last = path.rsplit("/", 1)[-1]
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", last):
            found[last] = path
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*\.v\d+", last):
            found[last.split(".")[0]] = path
    return found


def is_standard_library(path: str) -> bool:
    """Standard library import paths have no dot in their first element."""
    return "." not in path.split("/", 1)[0]


def top_level_names(root: tree_sitter.Node, src: bytes) -> dict[str, str]:
    """Package-level names declared in one file -> "func", "const", "var" or "type"."""
    found: dict[str, str] = {}
    for decl in root.named_children:
        if decl.type == "function_declaration":
            name = decl.child_by_field_name("name")
            if name is not None:
                found[_text(src, name)] = "func"
        elif decl.type in ("const_declaration", "var_declaration", "type_declaration"):
            kind = decl.type.split("_")[0]
            for spec in _descendants(decl, f"{kind}_spec", stop=()):
                for name in spec.children_by_field_name("name"):
                    found[_text(src, name)] = kind
            if kind == "type":  # type_alias and type_spec
                for spec in decl.named_children:
                    name = spec.child_by_field_name("name")
                    if name is not None:
                        found[_text(src, name)] = "type"
    return found


_IDENTIFIER = re.compile(r"[^\W\d]\w*")


class Lookup:
    """Names of a whole package -> what one file says of them (`per_file` of its tree and
    text), looked up by name: the current file's answers first (`own`); another file of the
    package is parsed only when it holds a name asked for that the current file lacks."""

    def __init__(self, path: str, src: bytes, own: dict[str, str],
                 per_file: Callable[[tree_sitter.Node, bytes], dict[str, str]]) -> None:
        self._path, self._package, self._per_file = path, package_name(src), per_file
        self._found = dict(own)
        self._looked: set[str] = set(self._found)

    def get(self, name: str, default: str | None = None) -> str | None:
        if name not in self._looked and _IDENTIFIER.fullmatch(name):
            self._looked.add(name)
            for sibling in siblings(self._path, self._package, containing=name.encode()):
                value = self._per_file(sibling.tree.root_node, sibling.src).get(name)
                if value is not None:
                    self._found[name] = value
                    break
        return self._found.get(name, default)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None


def declarations(path: str, src: bytes, root: tree_sitter.Node) -> Lookup:
    """Package-level names of the whole package (this file and its siblings) -> "func",
    "const", "var" or "type"."""
    return Lookup(path, src, top_level_names(root, src), top_level_names)


def function_bodies(path: str, src: bytes, root: tree_sitter.Node, name: str,
                    method: bool) -> list[tuple[bytes, tree_sitter.Node]]:
    """The bodies of the package's functions (or, with `method`, methods of any type)
    called `name`, with the text of the file each is in."""
    kind = "method_declaration" if method else "function_declaration"
    sources = [(src, root)] + [(f.src, f.tree.root_node)
                               for f in siblings(path, package_name(src), declaring=name)]
    found = []
    for text, tree_root in sources:
        for decl in tree_root.named_children:
            decl_name = decl.child_by_field_name("name")
            body = decl.child_by_field_name("body")
            if decl.type == kind and decl_name is not None and body is not None \
                    and _text(text, decl_name) == name:
                found.append((text, body))
    return found


def calls_recover(src: bytes, body: tree_sitter.Node) -> bool:
    """`body` calls recover() itself (not inside a nested func literal)."""
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type == "function_literal":
            continue
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None and function.type == "identifier" \
                    and _text(src, function) == "recover":
                return True
        stack.extend(node.named_children)
    return False


def _text(src: bytes, node: tree_sitter.Node) -> str:
    return src[node.start_byte:node.end_byte].decode("utf-8", "surrogateescape")


def _descendants(node: tree_sitter.Node, kind: str, stop: tuple[str, ...]
                 ) -> Iterator[tree_sitter.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            yield current
        if current.type not in stop:
            stack.extend(reversed(current.named_children))
