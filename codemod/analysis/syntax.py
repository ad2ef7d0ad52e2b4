"""Small questions about go/ast-shaped tree-sitter trees that every analysis asks.

Positions and containment, the statements of a block or clause, the nodes of one function
(not of its nested func literals), the values of a `return`, the identifier a selector or
index path starts from, and which value an assigned name receives. Nothing here resolves a
name or knows a type: that is `scopes` and `types`.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from tree_sitter import Node

from .. import parsing
from ..parsing import FUNCTION_KINDS

# Node kinds that stand for types (and the names inside them), never for values.
TYPE_KINDS = frozenset({
    "array_type", "slice_type", "map_type", "channel_type", "pointer_type", "function_type",
    "struct_type", "interface_type", "generic_type", "qualified_identifier", "type_identifier",
    "parenthesized_type", "implicit_length_array_type", "type_arguments", "type_elem",
    "negated_type", "field_identifier", "package_identifier", "label", "comment",
})
# The clauses of a switch or select: each holds a statement list, like a block.
CLAUSES = frozenset({"expression_case_clause", "type_case_clause", "default_case",
                     "communication_clause"})


def text(src: bytes, node: Node) -> str:
    return src[node.start_byte:node.end_byte].decode("utf-8", "surrogateescape")


def within(node: Node, outer: Node) -> bool:
    """`node` is `outer` or lies inside it."""
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def strictly_within(node: Node, outer: Node) -> bool:
    return node != outer and outer.start_byte <= node.start_byte \
        and node.end_byte <= outer.end_byte


def function_level(node: Node) -> Iterator[Node]:
    """Every node under `node` (not `node` itself) that is not inside a nested func literal."""
    stack = list(reversed(node.children))
    while stack:
        current = stack.pop()
        yield current
        if current.type not in FUNCTION_KINDS:
            stack.extend(reversed(current.children))


def level_nodes(node: Node, types: frozenset[str]) -> list[Node]:
    """`[n for n in function_level(node) if n.type in types]`, in the same order, found by
    tree-sitter queries instead of a Python walk over every node: the nodes of `types` under
    `node` less those inside a func literal nested in it. `types` holds no function kind."""
    assert not types & FUNCTION_KINDS
    start, end = node.start_byte, node.end_byte

    def under(found: Node) -> bool:   # a query's range also meets the nodes around `node`
        return found != node and start <= found.start_byte and found.end_byte <= end
    pattern = "[" + " ".join(f"({kind})" for kind in sorted(types)) + "] @node"
    found = [n for n in parsing.captures(pattern, node).get("node", []) if under(n)]
    literals = [n for n in parsing.captures("(function_literal) @literal", node).get(
        "literal", []) if under(n)] if found else []
    if literals:
        found = [n for n in found if not any(
            lit.start_byte <= n.start_byte and n.end_byte <= lit.end_byte for lit in literals)]
    return found


def descendants(node: Node) -> Iterator[Node]:
    """Every node under `node` (not `node` itself), nested func literals included; the last
    child's subtree first."""
    stack = list(node.children)
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


def statements(container: Node) -> list[Node]:
    """The statements of a block or a case clause, comments left out."""
    if container.type == "block":
        return [c for c in container.named_children if c.type != "comment"]
    skip = {"value", "type", "communication"}
    result = []
    for index, child in enumerate(container.children):
        if not child.is_named or child.type == "comment":
            continue
        if container.field_name_for_child(index) in skip:
            continue
        result.append(child)
    return result


def return_values(stmt: Node) -> list[Node]:
    """The expressions a return statement returns (none for a bare return)."""
    values = stmt.child_by_field_name("result")
    if values is None:
        for child in stmt.named_children:
            if child.type != "comment":
                values = child
                break
    if values is None:
        return []
    if values.type == "expression_list":
        return [c for c in values.named_children if c.type != "comment"]
    return [values]


def root_identifier(expr: Node | None) -> Node | None:
    """The identifier a selector/index/deref path starts from (`x` of `(*x).f[i]`)."""
    node = expr
    while node is not None:
        if node.type == "identifier":
            return node
        if node.type in ("selector_expression", "index_expression", "slice_expression",
                         "type_assertion_expression"):
            node = node.child_by_field_name("operand")
        elif node.type in ("unary_expression", "parenthesized_expression"):
            node = node.child_by_field_name("operand") if node.type == "unary_expression" \
                else (node.named_children[0] if node.named_children else None)
        else:
            return None
    return None


def value_for(ident: Node) -> Node | None:
    """The right-hand side expression that `ident` (a left-hand name) receives, when the
    statement pairs names and values one to one; a call for a multi-value assignment."""
    left = ident.parent
    if left is None:
        return None
    statement = left.parent if left.type == "expression_list" else left
    if statement is None:
        return None
    if statement.type in ("short_var_declaration", "assignment"):
        names = statement.child_by_field_name("left")
        values = statement.child_by_field_name("right")
    elif statement.type == "var_spec":
        names, values = statement, statement.child_by_field_name("value")
    else:
        return None
    if names is None or values is None:
        return None
    name_nodes = [c for c in names.named_children if c.type == "identifier"] \
        if names.type != "var_spec" else \
        [c for i, c in enumerate(names.children) if names.field_name_for_child(i) == "name"]
    value_nodes = values.named_children if values.type == "expression_list" else [values]
    if len(name_nodes) == len(value_nodes):
        for name, value in zip(name_nodes, value_nodes):
            if name == ident:
                return value
        return None
    return value_nodes[0] if len(value_nodes) == 1 else None


def parameter_names(decl: Node, params: Node | None = None) -> list[Node]:
    """The name identifiers of a function's parameters (or of `params`: its receiver)."""
    params = params if params is not None else decl.child_by_field_name("parameters")
    names = []
    for declaration in params.named_children if params is not None else []:
        names.extend(c for i, c in enumerate(declaration.children)
                     if declaration.field_name_for_child(i) == "name")
    return names


def is_variadic(decl: Node) -> bool:
    params = decl.child_by_field_name("parameters")
    return params is not None and any(c.type == "variadic_parameter_declaration"
                                      for c in params.named_children)


def callee_text(src: bytes, call: Node) -> str:
    """The text of a call's function expression (`os.Exit`, `recover`)."""
    function = call.child_by_field_name("function")
    return text(src, function) if function is not None else ""


def unparen(node: Node) -> Node:
    """`node` without the parentheses around it."""
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def token(node: Node, tokens: Iterable[str]) -> str:
    """The first anonymous child of `node` whose text is one of `tokens`."""
    wanted = set(tokens)
    for child in node.children:
        if not child.is_named and child.type in wanted:
            return child.type
    return ""


def selector_path(src: bytes, expr: Node | None) -> tuple[Node | None, list[tuple[str, str]]]:
    """`x.f[i].g` -> (x, [("field", "f"), ("index", ""), ("field", "g")]); (None, [])
    when the path does not start at an identifier (a call, `*p`, …)."""
    steps: list[tuple[str, str]] = []
    node = unparen(expr) if expr is not None else None
    while node is not None:
        if node.type == "identifier":
            return node, steps[::-1]
        if node.type == "selector_expression":
            field_node = node.child_by_field_name("field")
            steps.append(("field", text(src, field_node) if field_node else ""))
        elif node.type == "index_expression":
            steps.append(("index", ""))
        else:
            return None, []
        operand = node.child_by_field_name("operand")
        node = unparen(operand) if operand is not None else None
    return None, []


def called_selector(root: Node) -> Node | None:
    """The `O.M` of a call `O.M(…)` whose operand path starts at the identifier `root`."""
    node = root
    while node.parent is not None and (
            node.parent.type == "parenthesized_expression"
            or node.parent.type in ("selector_expression", "index_expression")
            and node.parent.child_by_field_name("operand") == node):
        node = node.parent
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node if node.type == "selector_expression" else None


def line(node: Node) -> int:
    """The 1-based line `node` starts on."""
    return node.start_point.row + 1


def brief(src: bytes, node: Node, limit: int = 40) -> str:
    """The text of `node` on one line, cut to `limit` characters, for messages."""
    code = re.sub(r"\s+", " ", text(src, node))
    return code if len(code) <= limit else code[:limit - 3] + "…"


def squeeze(code: str) -> str:
    """`code` without white space, to compare two spellings of one expression."""
    return re.sub(r"\s+", "", code)


def and_list(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c` (each name once)."""
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def is_key(node: Node) -> bool:
    """`node` is the key of a keyed element of a composite literal (maybe a field name)."""
    parent = node.parent
    return parent is not None and parent.type == "keyed_element" \
        and parent.child_by_field_name("key") == node
