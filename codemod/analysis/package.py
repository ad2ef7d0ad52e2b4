"""A file's package: the other `.go` files of its directory, for rules that look past one file.

A rule asks, for example, whether an unexported function is deferred anywhere in its package,
or what a function of the package does with an argument. The answer comes from the `.go`
files in the same directory whose package clause names the same package (test files of that
package included; build tags are ignored, which can only add mentions).

- `Directory`: the files of one directory, listed once and each read and parsed at most
  once. The runner builds one per package directory it analyses and hands it to every file's
  context; the files do not change while it lives (fixes are written later, by the main
  process). Nothing is kept between runs or tasks: a new run builds new directories.
- `Package` (`ctx.package`): one file's view of its package: its siblings, the package-level
  names, the functions and methods of a name (each with a context of its own file). The
  current file is never read from disk: its (possibly already fixed) tree is the context's.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from typing import TYPE_CHECKING, Callable, Iterator, NamedTuple

import tree_sitter

from .. import parsing

if TYPE_CHECKING:
    from ..context import FileContext
    from ..goversion import Version

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


def package_name(src: bytes) -> str:
    match = _PACKAGE.search(src)
    return match.group(1).decode() if match else ""


class FileNames(NamedTuple):
    """What one file's own declarations say a name is, without resolving it."""
    imports: set[str]     # the import names of ctx.imports
    constants: set[str]   # functions, and types and constants (top level and in functions)
    variables: set[str]   # the variables of top-level var declarations


class Directory:
    """The regular `.go` files of one directory, read lazily and at most once each."""

    def __init__(self, path: str, contents: dict[str, bytes] | None = None,
                 shared: dict | None = None) -> None:
        """`contents`: the directory's files by name, instead of the disk's (tests).
        `shared`: what rules computed over other directories' files on disk (the module's
        packages this one imports), shared by every directory one worker analyses in a run
        (the runner's); by default this directory's own."""
        self.path = path   # absolute
        self.shared: dict = shared if shared is not None else {}
        self._listing: list[str] | None = None
        self._files: dict[str, SourceFile | None] = {}
        self._contexts: dict[tuple[str, "Version"], "FileContext"] = {}
        # What a rule computed over the directory's files as they are on disk, shared by
        # the files it analyses (keyed by the rule; see exit_skips_defers.exit_helpers).
        self.memo: dict = {}
        if contents is not None:
            self._files = {os.path.join(path, name): SourceFile(os.path.join(path, name), src)
                           for name, src in contents.items()}
            self._listing = sorted(self._files)

    def go_files(self) -> list[str]:
        """The paths of the regular .go files, sorted."""
        if self._listing is None:
            try:
                with os.scandir(self.path) as entries:
                    self._listing = sorted(entry.path for entry in entries
                                           if entry.name.endswith(".go") and entry.is_file())
            except OSError:
                self._listing = []
        return self._listing

    def file(self, path: str) -> SourceFile | None:
        """The file at `path` (one of `go_files()`), or None when it cannot be read."""
        if path not in self._files:
            try:
                with open(path, "rb") as handle:
                    self._files[path] = SourceFile(path, handle.read())
            except OSError:
                self._files[path] = None
        return self._files[path]

    def package_files(self, package: str) -> list[SourceFile]:
        """The readable files whose package clause names `package`, in path order; listed
        once per directory (every file of a package asks for its siblings, often)."""
        key = ("package-files", package)
        if key not in self.memo:
            loaded = (self.file(path) for path in self.go_files())
            self.memo[key] = [f for f in loaded if f is not None and package_name(f.src) == package]
        return self.memo[key]

    def declaring(self, package: str, name: str) -> list[SourceFile]:
        """`package_files(package)` that may declare the function or method `name`
        (SourceFile.may_declare), once per directory and name."""
        key = ("declaring", package, name)
        if key not in self.memo:
            self.memo[key] = [f for f in self.package_files(package) if f.may_declare(name)]
        return self.memo[key]

    def context(self, sibling: SourceFile, go_version: "Version") -> "FileContext":
        """A context for another file of the directory, to analyse its functions with the
        asking file's language version; one per file and version, shared by every asker."""
        key = (sibling.path, go_version)
        if key not in self._contexts:
            from ..context import FileContext
            self._contexts[key] = FileContext(sibling.path, sibling.src, go_version,
                                              tree=sibling.tree, directory=self)
        return self._contexts[key]


class Package:
    """One file's view of its package (`ctx.package`)."""

    def __init__(self, ctx: "FileContext", directory: Directory) -> None:
        self._ctx = ctx
        self.directory = directory
        self.name = package_name(ctx.src)
        self._path = os.path.abspath(ctx.path)
        self._declarations: Lookup | None = None
        self._lookups: dict[Callable, Lookup] = {}
        self._functions: dict[tuple[str, str], list[tuple["FileContext", tree_sitter.Node]]] = {}
        self._file_names: FileNames | None = None
        self._on_disk: bool | None = None

    @property
    def text_on_disk(self) -> bool:
        """The file's text is that of its file on disk, one of the directory's (a fix pass's
        text, or stdin's, is not): what is computed over the package's files on disk (once
        per directory, `Directory.memo`) then holds for this text too."""
        if self._on_disk is None:
            directory = self.directory
            on_disk = directory.file(self._path) if self._path in directory.go_files() \
                else None
            self._on_disk = on_disk is not None and on_disk.src == self._ctx.src
        return self._on_disk

    @property
    def file_names(self) -> "FileNames":
        """The names this file imports and declares at package level (see FileNames)."""
        if self._file_names is None:
            self._file_names = _file_names(self._ctx)
        return self._file_names

    def siblings(self, containing: bytes = b"", declaring: str = "") -> Iterator[SourceFile]:
        """The other .go files of the package.

        `containing` and `declaring` (a function or method name, see `may_declare`) are byte
        pre-filters: files that do not hold them are not parsed.
        """
        files = self.directory.declaring(self.name, declaring) if declaring \
            else self.directory.package_files(self.name)
        for loaded in files:
            if loaded.path != self._path and (not containing or containing in loaded.src):
                yield loaded

    @property
    def declarations(self) -> "Lookup":
        """Package-level names of the whole package -> "func", "const", "var" or "type"."""
        if self._declarations is None:
            self._declarations = self.lookup(top_level_names)
        return self._declarations

    def lookup(self, per_file: Callable[[tree_sitter.Node, bytes], dict[str, str]]) -> "Lookup":
        """Names of the whole package -> what `per_file(root, src)` of the file declaring
        them says; the current file's answers first, a sibling parsed only when needed."""
        if per_file not in self._lookups:
            ctx = self._ctx
            self._lookups[per_file] = Lookup(self, per_file(ctx.root, ctx.src), per_file)
        return self._lookups[per_file]

    def functions(self, name: str, method: bool = False
                  ) -> list[tuple["FileContext", tree_sitter.Node]]:
        """The package's function declarations (or, with `method`, method declarations of
        any type) called `name`, each with the context of its file: the current file first,
        then the siblings that may declare it, in path order."""
        kind = "method_declaration" if method else "function_declaration"
        if (kind, name) not in self._functions:
            ctx = self._ctx
            needle = name.encode()
            found = []
            for other in [ctx, *(self.directory.context(sibling, ctx.go_version)
                                 for sibling in self.siblings(declaring=name))]:
                for decl in other.root.named_children:
                    decl_name = decl.child_by_field_name("name")
                    if decl.type == kind and decl_name is not None \
                            and other.src[decl_name.start_byte:decl_name.end_byte] == needle:
                        found.append((other, decl))
            self._functions[(kind, name)] = found
        return self._functions[(kind, name)]

    def bodies(self, name: str, method: bool = False
               ) -> list[tuple["FileContext", tree_sitter.Node]]:
        """`functions(name, method)` that have a body, with their bodies."""
        return [(other, body) for other, decl in self.functions(name, method)
                if (body := decl.child_by_field_name("body")) is not None]

    def module_directory(self, import_path: str) -> Directory | None:
        """The directory of another package of this file's own module that `import_path`
        names, by the go command's rule for the main module: go.mod's directory and the
        path below its module path (GOROOT's `std` module holds the packages of dotless
        paths, `cmd` those under `cmd/`); None for another module's package (a nested
        go.mod makes its directory another module), or when there is no such directory.
        One Directory per path, shared by the files of this directory."""
        key = ("module-directory", import_path)
        memo = self.directory.memo
        if key not in memo:
            memo[key] = _module_directory(os.path.dirname(self._path), import_path)
        return memo[key]


def _module_directory(directory: str, import_path: str) -> Directory | None:
    from ..goversion import find_module
    module = find_module(directory)
    if module is None or not module.path or not import_path or "\\" in import_path \
            or import_path.startswith(("/", ".")) or ".." in import_path.split("/"):
        return None
    if module.path == "std":
        rest = import_path if "." not in import_path.split("/", 1)[0] \
            and not import_path.startswith("cmd/") else None
    elif import_path.startswith(module.path + "/"):
        rest = import_path[len(module.path) + 1:]
    else:
        rest = None
    if not rest:
        return None
    path = os.path.join(module.root, *rest.split("/"))
    if path == directory or not _has_go_files(path):
        return None
    inner = find_module(path)
    if inner is None or inner.root != module.root:
        return None   # a module of its own nested in this one's tree
    return Directory(path)


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
    """Whether the import path names a package of the standard library, by the go command's
    own rule: its first element has no dot and the package is a directory of $GOROOT/src
    (go/build's goroot check). A dotless module path (`module m`, `module example`) names
    the module's own packages (`m/fetch`), not the standard library's; without a GOROOT
    (`go` absent) no path is known to be standard. Where go/types answered, a callee's
    package says it itself (`Call.callee_origin`, from go list's Standard flag)."""
    if not path or "." in path.split("/", 1)[0] or path.startswith(("/", ".")) \
            or ".." in path.split("/") or "\\" in path:
        return False
    root = goroot()
    return bool(root) and _has_go_files(os.path.join(root, "src", *path.split("/")))


@functools.lru_cache(maxsize=1)
def goroot() -> str:
    """`go env GOROOT` (asked once per process), or "" when go cannot say."""
    import subprocess
    try:
        done = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL,
                              env={**os.environ, "GOTOOLCHAIN": "local"})
    except (OSError, subprocess.SubprocessError):
        return ""
    root = done.stdout.strip() if done.returncode == 0 else ""
    return root if root and os.path.isdir(os.path.join(root, "src")) else ""


@functools.lru_cache(maxsize=1024)
def _has_go_files(directory: str) -> bool:
    try:
        with os.scandir(directory) as entries:
            return any(e.name.endswith(".go") and e.is_file() for e in entries)
    except OSError:
        return False


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

    def __init__(self, package: Package, own: dict[str, str],
                 per_file: Callable[[tree_sitter.Node, bytes], dict[str, str]]) -> None:
        self._package, self._per_file = package, per_file
        self._found = dict(own)
        self._looked: set[str] = set(self._found)

    def get(self, name: str, default: str | None = None) -> str | None:
        if name not in self._looked and _IDENTIFIER.fullmatch(name):
            self._looked.add(name)
            for sibling in self._package.siblings(containing=name.encode()):
                value = self._per_file(sibling.tree.root_node, sibling.src).get(name)
                if value is not None:
                    self._found[name] = value
                    break
        return self._found.get(name, default)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None


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


_FILE_NAMES = """
(type_definition name: (_) @type)
(alias_declaration name: (_) @type)
(const_spec name: (_) @type)
(var_spec name: (_) @var)
(function_declaration name: (_) @func)
"""


def _file_names(ctx: "FileContext") -> FileNames:
    """(import names, non-variable names, package-level variables) of the file: the names of
    functions, and of types and constants at the top level and in function declarations;
    the variables of top-level var declarations. One query, then each hit is kept or not by
    the top-level declaration it is in."""
    imports, constants, variables = set(ctx.imports), set(), set()
    top = ctx.root.named_children
    starts = [decl.start_byte for decl in top]
    for kind, nodes in ctx.captures(_FILE_NAMES).items():
        for node in nodes:
            index = bisect.bisect_right(starts, node.start_byte) - 1
            owner = top[index].type if index >= 0 else ""
            if kind == "type" and owner in ("function_declaration", "type_declaration",
                                              "const_declaration") \
                    or kind == "func" and node.parent == top[index]:
                constants.add(ctx.text(node))
            elif kind == "var" and owner == "var_declaration":
                variables.add(ctx.text(node))
    return FileNames(imports, constants, variables)
