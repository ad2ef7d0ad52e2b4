"""What a transform sees: one parsed file, its Go version, and the shared analyses.

A transform is a module in `transforms/` with a `RULE` (its id, summary, docs and the fix kinds
it can produce) and a `find(ctx)` function that returns findings. It never opens files, spawns
processes or prints: the runner owns that. It asks codemod.analysis through typed accessors,
computed on demand once per file or function, so no transform redoes another's work:
`ctx.scopes(node)` and `ctx.flow(node)` (per function), `ctx.types`, `ctx.package` and
`ctx.imports` (per file). `ctx.types` also answers from go/types (`ident`, `expr`, `call`,
`method_set`), by the engine's types service.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import tree_sitter

from . import parsing
from .analysis.controlflow import Flow
from .analysis.gotypes.record import NOT_ASKED, FileAnswers
from .analysis.package import Directory, Package, imports
from .analysis.scopes import Scopes, declares_no_local, outermost_function
from .analysis.types import Types
from .goversion import LOOPVAR_PER_ITERATION, Version
from .model import Applicability, Edit, Finding, Fix


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    # The applicabilities this rule's fixes can have, e.g. ("safe", "none").
    fixes: tuple[str, ...]
    # Long text for `deferfix explain`: what it finds, why it matters, before/after, safety.
    explain: str = ""
    # A file is parsed for this rule only when it holds one of these byte strings.
    needles: tuple[bytes, ...] = (b"defer",)
    # And, when set, only when this says its bytes may hold something the rule finds (a
    # test of the bytes that find() itself would stop at: it must never say no to a file
    # where the rule can find something).
    wants: Callable[[bytes], bool] | None = None


class FileContext:
    def __init__(self, path: str, src: bytes, go_version: Version,
                 version_origin: str = "", tree: tree_sitter.Tree | None = None,
                 directory: Directory | None = None, answers: FileAnswers | None = None) -> None:
        self.path = path
        self.src = src
        self.go_version = go_version
        self.version_origin = version_origin
        self.tree = tree if tree is not None else parsing.parse(src)
        self.root = self.tree.root_node
        self._cache: dict[Any, Any] = {}
        self._typed_keys: set[Any] = set()   # the _cache entries computed from answers
        self._line_starts: list[int] | None = None
        # The files of this file's directory; the runner passes the one it built for the task.
        self._directory = directory
        self._package: Package | None = None
        self._types: Types | None = None
        # What go/types says about this text (the engine's; ctx.types.ident(node) & co.).
        self.answers = answers if answers is not None else FileAnswers(off=NOT_ASKED)
        # The running rule's units settled without answers (see `settled`): those of an
        # earlier analysis of this text, and those of this one.
        self.settled_before: dict = {}
        self.settled_now: dict = {}

    # --- versions -------------------------------------------------------------------------
    @property
    def loopvar_per_iteration(self) -> bool:
        """True when `for i := …` declares a fresh variable each iteration (Go >= 1.22)."""
        return self.go_version >= LOOPVAR_PER_ITERATION

    # --- text -----------------------------------------------------------------------------
    def text(self, node: tree_sitter.Node) -> str:
        return self.src[node.start_byte:node.end_byte].decode("utf-8", "surrogateescape")

    def line_start(self, offset: int) -> int:
        """Offset of the first byte of the line holding `offset`."""
        return self.src.rfind(b"\n", 0, offset) + 1

    def indent_at(self, offset: int) -> str:
        """The leading white space of the line holding `offset`."""
        start = self.line_start(offset)
        end = start
        while end < len(self.src) and self.src[end:end + 1] in (b"\t", b" "):
            end += 1
        return self.src[start:end].decode("ascii")

    @property
    def newline(self) -> str:
        """The file's line ending: CRLF when its first line ends that way."""
        first = self.src.find(b"\n")
        return "\r\n" if first > 0 and self.src[first - 1:first] == b"\r" else "\n"

    # --- queries --------------------------------------------------------------------------
    def captures(self, pattern: str, node: tree_sitter.Node | None = None,
                 predicate: parsing.Predicate | None = None) -> dict[str, list[tree_sitter.Node]]:
        return parsing.captures(pattern, node or self.root, predicate)

    def matches(self, pattern: str, node: tree_sitter.Node | None = None,
                predicate: parsing.Predicate | None = None) -> list[dict[str, list[tree_sitter.Node]]]:
        return parsing.matches(pattern, node or self.root, predicate)

    # --- shared analyses ------------------------------------------------------------------
    def _cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute a shared analysis once per file (the accessors below key it). One that
        read go/types answers counts as a read again each time it is used (`answers.reads`):
        the engine reuses the findings of a rule that read none (codemod/analyze.py), and a
        rule that uses what another computed from answers depends on them too."""
        if key not in self._cache:
            before = self.answers.reads
            self._cache[key] = compute()
            if self.answers.reads != before:
                self._typed_keys.add(key)
        elif key in self._typed_keys:
            self.answers.reads += 1
        return self._cache[key]

    def settled(self, key: Any, judge: Callable[[], Any]) -> Any:
        """`judge()`, one unit of the running rule's work (a candidate statement, by `key`):
        its result (a Finding or None) is taken from an earlier analysis of this same text
        that computed it without reading any go/types answer (the engine hands those on,
        codemod/analyze.py), without running it: a rule is a pure function of the text and
        the answers it reads, so the unit's result is the same. A typed re-analysis thus
        redoes only the units that read answers. The units must not depend on one another
        (no state carried from one to the next, except through ctx's shared analyses, which
        count their reads)."""
        if key in self.settled_before:
            return self.settled_before[key]
        reads = self.answers.reads
        out = judge()
        if self.answers.reads == reads:
            self.settled_now[key] = out
        return out

    def broken_ranges(self) -> list[tuple[int, int, int]]:
        """(start, end, line) of top-level declarations that hold a syntax error."""
        def compute() -> list[tuple[int, int, int]]:
            if self.root.type == "ERROR":
                return [(0, len(self.src), 1)]
            return [(child.start_byte, child.end_byte, child.start_point.row + 1)
                    for child in self.root.children if parsing.is_broken(child)]
        return self._cached("broken_ranges", compute)

    def in_broken(self, start: int, end: int) -> bool:
        return any(b_start <= end and start <= b_end for b_start, b_end, _ in self.broken_ranges())

    @property
    def package(self) -> Package:
        """This file's package: its other files in the directory, package-level names, the
        functions and methods of a name (codemod.analysis.package)."""
        if self._package is None:
            directory = self._directory or Directory(os.path.dirname(os.path.abspath(self.path)))
            self._package = Package(self, directory)
        return self._package

    @property
    def imports(self) -> dict[str, str]:
        """This file's imports: local package name -> import path (`_` and `.` left out)."""
        return self._cached("imports", lambda: imports(self.root, self.src))

    @property
    def types(self) -> Types:
        """Every type question about this file (codemod.analysis.types.Types)."""
        if self._types is None:
            self._types = Types(self)
        return self._types

    def scopes(self, node: tree_sitter.Node) -> Scopes | None:
        """Scope analysis (codemod.analysis.scopes.Scopes) of the outermost function holding
        `node`, computed once per function; None outside any function."""
        function = outermost_function(node, self.root)
        if function is None:
            return None
        return self._cached(("scopes", function.start_byte, function.end_byte),
                            lambda: Scopes(function, self.src, self.types.definition_nodes,
                                           self.types.written_vars))

    def declares_no_local(self, ident: tree_sitter.Node) -> bool:
        """Whether `ident` is certainly not a local of its function (`scopes(ident)` is not
        None and resolves it to None), told from the function's bytes without the scope
        analysis (codemod.analysis.scopes.declares_no_local); False: ask `scopes`."""
        function = outermost_function(ident, self.root)
        return function is not None and declares_no_local(self.src, function, ident)

    def flow(self, node: tree_sitter.Node) -> Flow | None:
        """Control flow (codemod.analysis.controlflow.Flow) of the innermost function holding
        `node`, computed once per function; None outside any function."""
        function = parsing.enclosing_function(node)
        if function is None:
            return None
        return self._cached(("flow", function.start_byte, function.end_byte),
                            lambda: Flow(function, self.src))

    # --- building findings ----------------------------------------------------------------
    def finding(self, rule: str, node: tree_sitter.Node, message: str,
                fix: Fix | None = None) -> Finding:
        return Finding(rule=rule, path=self.path, line=node.start_point.row + 1,
                       col=node.start_point.column + 1, message=message, fix=fix,
                       start=node.start_byte, end=node.end_byte,
                       end_line=node.end_point.row + 1, end_col=node.end_point.column + 1)

    @staticmethod
    def fix(applicability: Applicability | str, description: str,
            edits: Iterable[Edit] = (), reason: str = "") -> Fix:
        return Fix(Applicability(applicability), description, tuple(edits), reason)

    def replace(self, node: tree_sitter.Node, new_text: str) -> Edit:
        return Edit(node.start_byte, node.end_byte, new_text.encode("utf-8", "surrogateescape"))

    def insert(self, offset: int, new_text: str) -> Edit:
        return Edit(offset, offset, new_text.encode("utf-8", "surrogateescape"))

    def append_to_list(self, node: tree_sitter.Node, items: list[str]) -> Edit:
        """Insert `items` before the closing parenthesis of a `parameters` or `arguments` node,
        after a comma when the list already has entries: `(a int)` -> `(a int, i int)`."""
        close = node.children[-1]
        before = node.children[-2] if len(node.children) >= 2 else None
        text = ", ".join(items)
        if any(c.type != "comment" for c in node.named_children) \
                and before is not None and before.type != ",":
            text = ", " + text
        return self.insert(close.start_byte, text)


def parameters_extendable(literal: tree_sitter.Node) -> bool:
    """A func literal's parameter list can take one more named parameter at its end: every
    parameter is named and the last is not variadic."""
    params = literal.child_by_field_name("parameters")
    for declaration in params.named_children if params is not None else ():
        if declaration.type != "parameter_declaration":
            continue
        if not declaration.children_by_field_name("name") \
                or any(c.type == "..." for c in declaration.children):
            return False
    return params is not None


@dataclass
class Transform:
    """A loaded rule module."""
    rule: Rule
    find: Callable[[FileContext], Iterable[Finding]]
    module: str = field(default="")
