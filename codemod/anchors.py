"""Run a tree-sitter query only where it can match, with the result of a whole-tree run.

A QueryCursor visits every node below the node it is given: about a millisecond per file of
the standard library and per query, whatever the query asks for, and the rules run a dozen
queries per file. Most of those queries can only match where a byte search finds something: a
pattern rooted at `defer_statement` starts at the keyword `defer`; a pattern with
`(#eq? @m "Parallel")` on an identifier needs the bytes `Parallel` there. For such a query the
planner searches the bytes, maps each hit to its candidate root (the keyword's parent, or the
ancestor of the identifier as many levels up as the capture is nested in the pattern), and
runs the query on each candidate with a start depth of 0, which yields exactly the matches
rooted there. Every real match has its root among the candidates, so the union of those runs
is the whole-tree result.

Only what the planner fully understands is planned: every pattern has one root node pattern
of a concrete kind without a quantifier, and either that kind begins with a keyword token
(KEYWORD_ROOTS) or a text predicate (`#eq?`, `#any-of?`, `#match?` with a regex whose
literal parts can be read off) constrains a leaf capture that every match has (not under `?`,
`*` or an alternation). Anything else runs the plain query, and so does a subtree that holds
a syntax error. tests/test_speed.py compares planned and plain runs on the golden inputs and
on real files.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable

import tree_sitter

# Node kinds whose first child is always this keyword token (checked by tests/test_speed.py).
KEYWORD_ROOTS = {
    "defer_statement": b"defer",
    "go_statement": b"go",
    "for_statement": b"for",
    "function_literal": b"func",
    "function_declaration": b"func",
    "method_declaration": b"func",
    "return_statement": b"return",
    "if_statement": b"if",
    "select_statement": b"select",
    "expression_switch_statement": b"switch",
    "type_switch_statement": b"switch",
    "goto_statement": b"goto",
}

# Node kinds without children: a byte hit inside one maps to the node itself.
LEAF_KINDS = frozenset({"identifier", "field_identifier", "type_identifier",
                        "package_identifier", "label", "blank_identifier"})


@dataclass(frozen=True)
class Anchor:
    """Where one pattern can match: at `up` levels above a `leaf` node holding a needle."""
    needles: tuple[bytes, ...]
    leaf: str          # the type of the node at the hit (a keyword token or a leaf kind)
    exact: bool        # the hit must be the leaf's whole text
    up: int            # levels from the leaf to the pattern's root
    root: str          # the root's kind


# --- reading query source ----------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<space>\s+|;[^\n]*)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<punct>[()\[\]])
  | (?P<capture>@[\w.\-]+)
  | (?P<predicate>\#[\w\-]+[?!])
  | (?P<field>\w+:)
  | (?P<negated>!\w+)
  | (?P<quantifier>[*+?])
  | (?P<anchor>\.)
  | (?P<ident>\w+(?:/\w+)?)
""", re.VERBOSE)


class _Unsupported(Exception):
    pass


@dataclass
class _El:
    kind: str                      # node | group | alt | string | wildcard | predicate
    name: str = ""                 # node kind, string text or predicate name
    children: list["_El"] = field(default_factory=list)
    quantifier: str = ""
    captures: list[str] = field(default_factory=list)
    args: list[tuple[str, str]] = field(default_factory=list)  # predicate args (kind, text)


def _tokens(source: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise _Unsupported(source[pos:pos + 20])
        pos = match.end()
        if match.lastgroup != "space":
            out.append((match.lastgroup, match.group()))
    return out


class _Reader:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.pos += 1
        return token

    def element(self) -> _El:
        kind, text = self.take()
        if text == "(":
            after_kind, after = self.peek()
            if after_kind == "predicate":
                self.take()
                el = _El("predicate", after)
                while self.peek()[1] != ")":
                    arg_kind, arg = self.take()
                    if arg_kind == "end":
                        raise _Unsupported("unclosed predicate")
                    el.args.append((arg_kind, arg))
                self.take()
                return el
            if after_kind == "ident":
                self.take()
                el = _El("wildcard" if after == "_" else "node", after)
                self._items(el, ")")
            elif after in ("(", "[") or after_kind == "string":
                el = _El("group")
                self._items(el, ")")
            else:
                raise _Unsupported(after)
        elif text == "[":
            el = _El("alt")
            self._items(el, "]")
        elif kind == "string":
            el = _El("string", text)
        elif kind == "ident" and text == "_":
            el = _El("wildcard", "_")
        else:
            raise _Unsupported(text)
        while self.peek()[0] in ("quantifier", "capture"):
            token_kind, token = self.take()
            if token_kind == "quantifier":
                if el.quantifier:
                    raise _Unsupported("two quantifiers")
                el.quantifier = token
            else:
                el.captures.append(token[1:])
        return el

    def _items(self, el: _El, closer: str) -> None:
        while self.peek()[1] != closer:
            kind, _ = self.peek()
            if kind == "end":
                raise _Unsupported("unclosed")
            if kind in ("field", "negated", "anchor"):
                self.take()
                if kind == "negated":
                    continue
                if kind == "anchor":
                    continue
                continue
            el.children.append(self.element())
        self.take()


def _root(el: _El) -> _El:
    if el.quantifier or el.kind not in ("node", "group"):
        raise _Unsupported("root")
    if el.kind == "group":
        if el.captures:
            raise _Unsupported("captured group")
        nodes = [c for c in el.children if c.kind != "predicate"]
        if len(nodes) != 1:
            raise _Unsupported("sibling patterns")
        return _root(nodes[0])
    return el


def _predicates(el: _El) -> list[_El]:
    found = [el] if el.kind == "predicate" else []
    for child in el.children:
        found.extend(_predicates(child))
    return found


def _capture_sites(root: _El) -> dict[str, list[tuple[int, _El, bool]]]:
    """capture -> [(depth below the root, element, optional)]."""
    sites: dict[str, list[tuple[int, _El, bool]]] = {}

    def walk(el: _El, depth: int, optional: bool) -> None:
        optional = optional or el.quantifier in ("?", "*")
        for name in el.captures:
            sites.setdefault(name, []).append((depth, el, optional))
        if el.kind in ("node", "wildcard"):
            for child in el.children:
                walk(child, depth + 1, optional)
        elif el.kind == "group":
            for child in el.children:
                walk(child, depth, optional)
        elif el.kind == "alt":
            for child in el.children:
                walk(child, depth, True)

    walk(root, 0, False)
    return sites


def _unquote(text: str) -> str:
    body = text[1:-1]
    if "\\" in body:
        raise _Unsupported("escaped string")
    return body


def _literals(predicate: _El) -> tuple[str, tuple[str, ...], bool] | None:
    """(capture, literals one of which every accepted text holds, exact) or None."""
    name, args = predicate.name, predicate.args
    if name not in ("#eq?", "#any-of?", "#match?") or len(args) < 2 \
            or args[0][0] != "capture" or any(kind != "string" for kind, _ in args[1:]):
        return None
    capture = args[0][1][1:]
    values = [_unquote(text) for _, text in args[1:]]
    if name == "#eq?":
        literals, exact = (values[0],) if len(values) == 1 else None, True
    elif name == "#any-of?":
        literals, exact = tuple(values), True
    else:
        found = _regex_factors(values[0]) if len(values) == 1 else None
        literals, exact = (tuple(sorted(found)) if found else None), False
    if not literals or any(not lit or not lit.isascii() for lit in literals):
        return None
    return capture, literals, exact


def _regex_factors(pattern: str) -> set[str] | None:
    """Strings one of which every text `re.search(pattern)` accepts contains; None if unsure."""
    try:
        import re._parser as sre_parse  # type: ignore[import-not-found]
    except ImportError:  # Python < 3.11
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _factors(list(parsed), sre_parse)


def _factors(items: list, sre) -> set[str] | None:
    best: set[str] | None = None

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    run = ""
    for op, arg in items:
        if op is sre.LITERAL:
            run += chr(arg)
            continue
        consider({run} if run else None)
        run = ""
        if op is sre.SUBPATTERN:
            if arg[1] or arg[2]:          # inline flags
                return None
            consider(_factors(list(arg[3]), sre))
        elif op is sre.BRANCH:
            branches = [_factors(list(b), sre) for b in arg[1]]
            if all(branches):
                consider(set().union(*branches))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT",
                                                                       None):
            if arg[0] >= 1:
                consider(_factors(list(arg[2]), sre))
    consider({run} if run else None)
    return best


def _anchor(root: _El, predicates: list[_El]) -> Anchor | None:
    if root.kind != "node" or "/" in root.name:
        return None
    keyword = KEYWORD_ROOTS.get(root.name)
    if keyword is not None:
        return Anchor((keyword,), keyword.decode(), True, 1, root.name)
    sites = _capture_sites(root)
    best: Anchor | None = None
    for predicate in predicates:
        found = _literals(predicate)
        if found is None:
            continue
        capture, literals, exact = found
        where = sites.get(capture, [])
        if len(where) != 1:
            continue
        depth, el, optional = where[0]
        if optional or el.kind != "node" or el.name not in LEAF_KINDS:
            continue
        anchor = Anchor(tuple(lit.encode() for lit in literals), el.name, exact, depth,
                        root.name)
        if best is None or min(map(len, anchor.needles)) > min(map(len, best.needles)):
            best = anchor
    return best


@functools.lru_cache(maxsize=None)
def plan(source: str, query: tree_sitter.Query) -> tuple[Anchor, ...] | None:
    """One anchor per pattern of the query, or None when the query runs on the whole tree."""
    try:
        reader = _Reader(_tokens(source))
        patterns = []
        while reader.peek()[0] != "end":
            patterns.append(reader.element())
        if len(patterns) != query.pattern_count:
            return None
        anchors = []
        for index, pattern in enumerate(patterns):
            if not query.is_pattern_rooted(index) or query.is_pattern_non_local(index):
                return None
            anchor = _anchor(_root(pattern), _predicates(pattern))
            if anchor is None:
                return None
            anchors.append(anchor)
        return tuple(anchors)
    except _Unsupported:
        return None


# --- running -----------------------------------------------------------------------------------

def _inside(candidate: tree_sitter.Node, node: tree_sitter.Node) -> bool:
    """True when `candidate`, an ancestor of a node below `node`, is `node` or below it."""
    if candidate == node:
        return True
    if candidate.start_byte < node.start_byte or candidate.end_byte > node.end_byte:
        return False
    if (candidate.start_byte, candidate.end_byte) != (node.start_byte, node.end_byte):
        return True                     # strictly inside: not an ancestor of `node`
    parent = candidate.parent
    while parent is not None:
        if parent == node:
            return True
        parent = parent.parent
    return False


def roots(anchors: tuple[Anchor, ...], node: tree_sitter.Node) -> list[tree_sitter.Node] | None:
    """The candidate roots below `node` in source order, or None to run the plain query."""
    if node.has_error or node.is_missing:
        return None
    text = node.text
    if text is None:
        return None
    base = node.start_byte
    found: dict[int, tree_sitter.Node] = {}
    for anchor in anchors:
        for needle in anchor.needles:
            size = len(needle)
            for at in _hits(text, needle, anchor.exact):
                start = base + at
                leaf = node.descendant_for_byte_range(start, start + size)
                if leaf is not None and leaf.type == anchor.leaf and (
                        not anchor.exact or leaf.start_byte == start
                        and leaf.end_byte == start + size):
                    candidate = leaf
                    for _ in range(anchor.up):
                        candidate = candidate.parent
                        if candidate is None:
                            break
                    if candidate is not None and candidate.type == anchor.root \
                            and candidate.id not in found and _inside(candidate, node):
                        found[candidate.id] = candidate
    return sorted(found.values(), key=lambda n: (n.start_byte, -n.end_byte))


_WORD = re.compile(rb"\w+", re.ASCII)
_IDENTIFIER_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _hits(text: bytes, needle: bytes, exact: bool):
    """Offsets of `needle` in `text`. When the leaf must be exactly the needle (a keyword, an
    identifier), a hit next to an ASCII letter, digit or underscore cannot be that token (the
    lexer would have made a longer one) and is left out before any tree lookup."""
    bounded = exact and _WORD.fullmatch(needle) is not None
    size, length = len(needle), len(text)
    at = text.find(needle)
    while at >= 0:
        if not bounded or not (at and text[at - 1] in _IDENTIFIER_BYTES
                               or at + size < length and text[at + size] in _IDENTIFIER_BYTES):
            yield at
        at = text.find(needle, at + 1)


Predicate = Callable[[str, list, int, dict], bool]


def run(query: tree_sitter.Query, candidates: list[tree_sitter.Node], method: str,
        predicate: Predicate | None):
    """`cursor.captures` (merged) or `cursor.matches` (concatenated) over the candidates."""
    cursor = tree_sitter.QueryCursor(query)
    cursor.set_max_start_depth(0)
    if method == "captures":
        merged: dict[str, list[tree_sitter.Node]] = {}
        for candidate in candidates:
            found = cursor.captures(candidate, predicate) if predicate \
                else cursor.captures(candidate)
            for name, nodes in found.items():
                merged.setdefault(name, []).extend(nodes)
        return merged
    results = []
    for candidate in candidates:
        results.extend(cursor.matches(candidate, predicate) if predicate
                       else cursor.matches(candidate))
    return results
