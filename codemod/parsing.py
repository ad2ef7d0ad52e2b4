"""Parsing Go with tree-sitter, and compiled queries shared by every transform.

The grammar is tree-sitter-golang (go/ast-shaped trees, Go syntax up to 1.27). Queries are
compiled once per process and cached by their source text.
"""

from __future__ import annotations

import collections
import functools
from typing import Callable, Iterable

import tree_sitter
import tree_sitter_golang

from . import anchors

LANGUAGE = tree_sitter.Language(tree_sitter_golang.language())

# Node kinds that start a new function body: a defer binds to the nearest one.
FUNCTION_KINDS = frozenset({"function_declaration", "method_declaration", "function_literal"})
LOOP_KIND = "for_statement"


@functools.lru_cache(maxsize=1)
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(LANGUAGE)


# Trees of the texts parsed last, by content: a file that is analysed and also read as a
# package sibling by a rule (or the reverse) is parsed once per process. Nothing edits a tree,
# so sharing one is safe. Bounded by source size (a tree takes about 40 times its source).
RECENT_SOURCE_BYTES = 1 << 20
_recent: collections.OrderedDict[bytes, tree_sitter.Tree] = collections.OrderedDict()
_recent_bytes = 0


def forget() -> None:
    """Drop the kept trees (the runner does between directories)."""
    global _recent_bytes
    _recent.clear()
    _recent_bytes = 0


def parse(src: bytes) -> tree_sitter.Tree:
    global _recent_bytes
    if type(src) is not bytes:
        return _parser().parse(src)
    tree = _recent.get(src)
    if tree is not None:
        _recent.move_to_end(src)
        return tree
    tree = _parser().parse(src)
    _recent[src] = tree
    _recent_bytes += len(src)
    while _recent_bytes > RECENT_SOURCE_BYTES and len(_recent) > 1:
        old, _ = _recent.popitem(last=False)
        _recent_bytes -= len(old)
    return tree


@functools.lru_cache(maxsize=None)
def query(source: str) -> tree_sitter.Query:
    return tree_sitter.Query(LANGUAGE, source)


Predicate = Callable[[str, list, int, dict], bool]


def _run(pattern: str, node: tree_sitter.Node, predicate: Predicate | None, method: str):
    """`QueryCursor.captures` or `.matches` of `pattern` under `node`: on the candidate roots
    when a byte search can find them (anchors.py, same result), else over the whole subtree."""
    compiled = query(pattern)
    plan = anchors.plan(pattern, compiled)
    candidates = anchors.roots(plan, node) if plan is not None else None
    if candidates is not None:
        return anchors.run(compiled, candidates, method, predicate)
    run = getattr(tree_sitter.QueryCursor(compiled), method)
    return run(node, predicate) if predicate else run(node)


def captures(pattern: str, node: tree_sitter.Node,
             predicate: Predicate | None = None) -> dict[str, list[tree_sitter.Node]]:
    """Captures of `pattern` under `node`, each list in source order."""
    found = _run(pattern, node, predicate, "captures")
    return {name: sorted(nodes, key=lambda n: (n.start_byte, -n.end_byte))
            for name, nodes in found.items()}


def matches(pattern: str, node: tree_sitter.Node,
            predicate: Predicate | None = None) -> list[dict[str, list[tree_sitter.Node]]]:
    """Matches of `pattern` under `node` as capture dicts, in source order of the first capture
    (ties: by pattern, then by the captured ranges)."""
    found = _run(pattern, node, predicate, "matches")
    found.sort(key=_match_order)
    return [caps for _, caps in found]


def _match_order(match: tuple[int, dict[str, list[tree_sitter.Node]]]) -> tuple:
    index, caps = match
    spans = sorted((name, n.start_byte, n.end_byte) for name, ns in caps.items() for n in ns)
    return (min(start for _, start, _ in spans), index, spans)


def ancestors(node: tree_sitter.Node) -> Iterable[tree_sitter.Node]:
    """The parents of `node`, innermost first.

    tree-sitter finds a node's parent by descending from the root, so walking up through
    `parent` costs time quadratic in the depth: seconds under a few thousand nested blocks.
    For a node of a tree kept here (the file being analysed and its package siblings), the
    whole path is found in one descent instead."""
    path = _path_from_root(node)
    if path is not None:
        yield from reversed(path)
        return
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _path_from_root(node: tree_sitter.Node) -> list[tree_sitter.Node] | None:
    """The nodes from the root down to `node` (excluded), when `node` is in a kept tree."""
    for tree in reversed(_recent.values()):
        current: tree_sitter.Node | None = tree.root_node
        path: list[tree_sitter.Node] = []
        while current is not None and current != node:
            path.append(current)
            # By byte range: for a node of another tree this ends on a leaf, then None.
            current = current.child_with_descendant(node)
        if current is not None:
            return path
    return None


def enclosing_function(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The nearest function declaration, method or func literal that contains `node`."""
    for parent in ancestors(node):
        if parent.type in FUNCTION_KINDS:
            return parent
    return None


def enclosing_loops(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The `for` statements between `node` and its function boundary, innermost first.

    A loop counts only when `node` is in its body (not in its header).
    """
    loops = []
    child = node
    for parent in ancestors(node):
        if parent.type in FUNCTION_KINDS:
            break
        if parent.type == LOOP_KIND and parent.child_by_field_name("body") == child:
            loops.append(parent)
        child = parent
    return loops


def is_broken(node: tree_sitter.Node) -> bool:
    return node.has_error or node.is_missing


def first_error(root: tree_sitter.Node) -> tuple[int, int] | None:
    """(line, column), both 1-based (the column in bytes, as go reports it), of the first
    ERROR or MISSING node in source order; None when the tree has neither."""
    if not is_broken(root):
        return None
    node = root
    while not (node.is_error or node.is_missing):
        for child in node.children:
            if child.is_error or child.is_missing or child.has_error:
                node = child
                break
        else:
            break   # the error is this node's own (no child holds it)
    return node.start_point.row + 1, node.start_point.column + 1
