"""Where a value comes from: the expressions a variable is assigned, whether a variable of
a region (a loop body) only aliases a value from outside it, and what an expression names.

- `mentions(ctx, sc, call, callee)`: the locals a call mentions and the package-level names it
  reads; `assigned_values(variable)`: every expression assigned to the whole variable.
- `alias_of(ctx, sc, body, variable)` / `origin_of(ctx, sc, body, expr, depth)`: how a value of
  the body refers to one from outside it ("files[i]", "built from …", through a package
  function's returns, a few calls deep), or "" for something new (a call's result, a
  literal, a received value).
- `is_handle`, `names_outer_thing`, `wraps_outer_writer`: whether a value is an object of
  its own, a name of something outside (a path built from outer values), or a writer
  wrapping an outer one.
- `certainly_not_nil(sc, body, stmt, expr)`: an error value that is not nil where returned.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from .. import parsing
from . import universe
from .types import function_results
from .syntax import brief, callee_text, descendants, function_level, is_key, is_variadic, line, parameter_names, return_values, root_identifier, value_for, within

if TYPE_CHECKING:
    from ..context import FileContext


def names_outer_thing(ctx: FileContext, sc, body: Node, call: Node, variable) -> list[Node]:
    """When the deferred call passes `variable` as a value (not as the receiver of a method)
    and the variable is a call's result built from values outside the body, like
    `d := filepath.Join(dir, name)`: it names something that outlives the iteration (a
    handle like `f := os.Open(p)` is a new object; `f.Close()` uses it as a receiver). A
    handle passed by its name (`os.Remove(f.Name())` of `f, _ := os.CreateTemp(dir, …)`)
    names a path under `dir` too. The outer identifiers of its making, in source order."""
    as_value = by_name = False
    for node in descendants(call):
        if node.type != "identifier" or sc.resolve(node) is not variable:
            continue
        top = node
        while top.parent is not None and top.parent.type == "selector_expression" \
                and top.parent.child_by_field_name("operand") == top:
            top = top.parent
        call_of = top.parent
        receiver = top != node and call_of is not None and call_of.type == "call_expression" \
            and call_of.child_by_field_name("function") == top
        called = top == node and call_of is not None and call_of.type == "call_expression" \
            and call_of.child_by_field_name("function") == node   # `cancel()`: not a name
        as_value = as_value or not receiver and not called
        by_name = by_name or receiver and ctx.text(top.child_by_field_name("field")) == "Name" \
            and _argument_of_os(ctx, sc, call_of)
    if not by_name and (not as_value or is_handle(ctx, sc, body, variable)):
        return []
    variables = ctx.package.file_names.variables
    found: list[Node] = []
    for value in assigned_values(variable):
        if value.type != "call_expression":
            continue
        args = value.child_by_field_name("arguments")
        if args is not None and _makes_temporary(ctx, sc, value) and args.named_children:
            args = args.named_children[0]   # the directory: the pattern names nothing there
        for node in [args, *descendants(args)] if args is not None else ():
            if node.type != "identifier" or is_key(node):
                continue
            other = sc.resolve(node)
            if other is not None and not other.declared_within(body) \
                    or other is None and ctx.text(node) in variables:
                found.append(node)
    return sorted(found, key=lambda n: n.start_byte)


_TEMPORARY = {"os": ("CreateTemp", "MkdirTemp"), "io/ioutil": ("TempFile", "TempDir")}


def _makes_temporary(ctx: FileContext, sc, call: Node) -> bool:
    """`os.CreateTemp(dir, pattern)` and its kin: a new name in `dir`."""
    function = call.child_by_field_name("function")
    if function is None or function.type != "selector_expression":
        return False
    operand = function.child_by_field_name("operand")
    field = ctx.text(function.child_by_field_name("field"))
    return operand.type == "identifier" and sc.resolve(operand) is None \
        and field in _TEMPORARY.get(ctx.imports.get(ctx.text(operand), ""), ())


def _argument_of_os(ctx: FileContext, sc, call: Node) -> bool:
    """`call` is an argument of a call of package os (`os.Remove(f.Name())`)."""
    args = call.parent
    outer = args.parent if args is not None and args.type == "arguments" else None
    function = outer.child_by_field_name("function") if outer is not None else None
    if function is None or function.type != "selector_expression":
        return False
    operand = function.child_by_field_name("operand")
    return operand.type == "identifier" and sc.resolve(operand) is None \
        and ctx.imports.get(ctx.text(operand)) == "os"


def is_handle(ctx: FileContext, sc, body: Node, variable) -> bool:
    """A value that is an object of its own (a pointer, a struct), not a name of something
    (a path string, a descriptor number): by its written type, or else by being used
    through a selector (`r.name`, `f.Read(…)`)."""
    written = ctx.types.variable(sc, variable)
    if written is not None:
        return not ctx.types.plain(written)
    for use in variable.uses:
        parent = use.node.parent
        if within(use.node, body) and parent is not None \
                and parent.type == "selector_expression" \
                and parent.child_by_field_name("operand") == use.node:
            return True
    return False


_WRITER_MAKERS = re.compile(r"(^|\.)(New\w*(Writer|Encoder)\w*|MultiWriter)$")


def wraps_outer_writer(ctx: FileContext, sc, body: Node, variable) -> str:
    """`w := bufio.NewWriter(out)` with `out` from outside the body: what w's Flush or Close
    writes goes to `out`. The outer argument, or ""."""
    imports = ctx.package.file_names.imports
    for value in assigned_values(variable):
        if value.type != "call_expression" or not _WRITER_MAKERS.search(callee_text(ctx.src, value)):
            continue
        args = value.child_by_field_name("arguments")
        for arg in args.named_children if args is not None else ():
            root = root_identifier(arg)
            if root is None:
                continue
            other = sc.resolve(root)
            if other is not None and not other.declared_within(body) \
                    or other is None and ctx.text(root) in imports | ctx.package.file_names.variables:
                return brief(ctx.src, arg)
            if other is not None and (outer := alias_of(ctx, sc, body, other)):
                return outer
    return ""


def mentions(ctx: FileContext, sc, call: Node, callee: Node):
    """(local variables the deferred call mentions, package-level names it reads)."""
    imports, constants, variables = ctx.package.file_names
    found: dict = {}
    package_level: list[str] = []
    for node in [call, *descendants(call)]:
        if node.type != "identifier":
            continue
        variable = sc.resolve(node)
        if variable is not None:
            if callee.type == "function_literal" and variable.declared_within(callee):
                continue
            found.setdefault(variable, None)
            continue
        name = ctx.text(node)
        if name in universe.NAMES or name in imports or name in constants:
            continue
        parent = node.parent
        if parent is not None and parent.type == "call_expression" \
                and parent.child_by_field_name("function") == node and name not in variables:
            continue  # a function of the package, called
        if parent is not None and parent.type == "keyed_element" \
                and parent.child_by_field_name("key") == node:
            continue  # probably a struct field name
        package_level.append(name)
    return list(found), list(dict.fromkeys(package_level))


def alias_of(ctx: FileContext, sc, body: Node, variable, depth: int = 0,
              bindings: dict | None = None, direct: bool = False) -> str:
    """How a variable declared in the body refers to a value from outside it ("files[i]"),
    or "" when it holds something new (a call's result, a literal, a received value)."""
    for ident in [variable.node, *(u.node for u in variable.uses if u.is_write)]:
        value = value_for(ident)
        if value is None:
            continue
        index = _result_index(ident, value)
        if index and direct:
            continue   # another call's result: something new
        found = _returned_origin(ctx, sc, body, value, depth, index) if index \
            else origin_of(ctx, sc, body, value, depth, bindings, direct)
        if found:
            return found
    return ""


def set_through_address(body: Node, variable) -> str:
    """`pick(&r)`: what r holds may be set through its address, to anything."""
    for use in variable.addresses:
        if not use.partial and within(use.node, body):
            return f"its address is taken (line {use.line})"
    return ""


def _result_index(ident: Node, value: Node) -> int:
    """The position of `ident` among the names a multi-value call assigns (`c, err := f()`:
    1 for err), 0 otherwise."""
    names = ident.parent
    if value.type != "call_expression" or names is None or names.type != "expression_list":
        return 0
    statement = names.parent
    right = statement.child_by_field_name("right") if statement is not None else None
    if right is None or right.type == "expression_list" and len(right.named_children) > 1:
        return 0
    return [c for c in names.named_children].index(ident)


def assigned_values(variable) -> list[Node]:
    """The expressions assigned to the whole variable (its declaration and later writes)."""
    values = []
    for use in [u for u in variable.uses if u.is_write] or []:
        value = value_for(use.node)
        if value is not None:
            values.append(value)
    declared = value_for(variable.node)
    if declared is not None and all(v != declared for v in values):
        values.append(declared)
    return values


def origin_of(ctx: FileContext, sc, body: Node, expr: Node, depth: int,
            bindings: dict | None = None, direct: bool = False) -> str:
    """How `expr` refers to a value from outside `body` (its text), "built from …" when it
    is a new value holding one, or "" for something new. `direct` (in a callee's return):
    another call's result is new, not followed."""
    imports = ctx.package.file_names.imports
    node = expr
    while True:
        kind = node.type
        if kind == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        elif kind in ("selector_expression", "index_expression", "slice_expression",
                      "type_assertion_expression"):
            operand = node.child_by_field_name("operand")
            if kind == "selector_expression" and operand is not None \
                    and operand.type == "identifier" and sc.resolve(operand) is None \
                    and ctx.text(operand) in imports:
                return brief(ctx.src, expr)  # os.Stdout and other package variables
            if operand is None:
                return ""
            node = operand
        elif kind == "unary_expression" and ctx.text(node)[:1] in ("&", "*"):
            node = node.child_by_field_name("operand")
            if node is None:
                return ""
        elif kind == "identifier":
            variable = sc.resolve(node)
            if bindings and variable in bindings:
                return bindings[variable]()   # a parameter: what the caller passed
            if variable is None:
                return "" if never_a_resource(ctx, node) else brief(ctx.src, expr)
            if not variable.declared_within(body):
                return brief(ctx.src, expr)
            return alias_of(ctx, sc, body, variable, depth + 1, bindings, direct) \
                if depth < 4 else ""
        elif kind == "composite_literal":
            for value in _literal_values(node.child_by_field_name("value")):
                if ctx.types.plain(ctx.types.of(sc, value)):
                    continue   # a copy of a string or a number shares nothing
                found = origin_of(ctx, sc, body, value, depth + 1, bindings, direct) \
                    if depth < 4 else ""
                if found:
                    return f"built from {found.removeprefix('built from ')} " \
                           f"({brief(ctx.src, expr)})"
            return ""
        elif kind == "call_expression" and ctx.types.is_conversion(node):
            node = node.child_by_field_name("arguments").named_children[0]
        elif kind == "call_expression":
            return "" if direct else _returned_origin(ctx, sc, body, node, depth, 0, bindings)
        else:
            return ""  # a literal, a received value: something new


def never_a_resource(ctx: FileContext, ident: Node) -> bool:
    """A name that is not a local and not a package-level variable: a builtin, an imported
    package, or this file's constant, type or function."""
    name = ctx.text(ident)
    imports, constants, _ = ctx.package.file_names
    return name in universe.NAMES or name in imports or name in constants


def _returned_origin(ctx: FileContext, sc, body: Node, call: Node, depth: int, index: int,
                     bindings: dict | None = None) -> str:
    """For a call of the package's own function or method (followed a few calls deep): how
    what it returns at position `index` refers to a value from outside, seen from the caller
    (`s.conn()` returning the field `s.c`, `getDB()` returning a package variable, a helper
    returning its argument); "" for something new (another call's result, a literal)."""
    function = call.child_by_field_name("function")
    args_node = call.child_by_field_name("arguments")
    if function is None or args_node is None or depth >= 4:
        return ""
    operand = None
    if function.type == "identifier":
        if sc.resolve(function) is not None:
            return ""  # a func value
        name, kind = ctx.text(function), "function_declaration"
    elif function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        field_name = function.child_by_field_name("field")
        if operand is None or field_name is None or operand.type == "identifier" \
                and sc.resolve(operand) is None and ctx.text(operand) in ctx.package.file_names.imports:
            return ""  # a function of another package
        name, kind = ctx.text(field_name), "method_declaration"
    else:
        return ""
    args = [c for c in args_node.named_children if c.type != "comment"]

    def caller(expr: Node):
        return lambda: origin_of(ctx, sc, body, expr, depth + 1, bindings)

    receiver_type = ctx.types.of(sc, operand) if operand is not None else None
    for other, decl in ctx.types.methods(name, receiver_type) if operand is not None \
            else ctx.package.functions(name, method=kind == "method_declaration"):
        src, decl_body = other.src, decl.child_by_field_name("body")
        if decl_body is None:
            continue
        results = function_results(decl, src)
        if index < len(results) and ctx.types.plain(results[index].type):
            continue   # a string, number or error holds no resource
        callee_ctx = other
        callee_sc = callee_ctx.scopes(decl)
        if callee_sc is None:
            return f"{brief(ctx.src, call)}, which cannot be followed"
        bound: dict = {}
        params = parameter_names(decl)
        for i, param in enumerate(params):
            variable = callee_sc.resolve(param)
            given = args[i:] if i == len(params) - 1 and is_variadic(decl) else \
                args[i:i + 1] if len(args) == len(params) else args[:1]
            if variable is not None:
                bound[variable] = (lambda given=given: next(
                    (o for a in given if (o := caller(a)())), ""))
        receiver = decl.child_by_field_name("receiver")
        for param in parameter_names(decl, receiver) if receiver is not None else []:
            variable = callee_sc.resolve(param)
            if variable is not None and operand is not None:
                bound[variable] = caller(operand)
        for ret in function_level(decl_body):
            if ret.type != "return_statement":
                continue
            values = return_values(ret)
            if len(results) > 1 and len(values) == len(results) \
                    and results[-1].type == "error" and values[-1].type != "nil":
                continue   # an error path: the caller does not use the other results
            for value in values[index:index + 1] if len(values) > 1 else values:
                found = origin_of(callee_ctx, callee_sc, decl_body, value, depth + 1, bound,
                                direct=True)
                if found:
                    built = "built from " if found.startswith("built from ") else ""
                    return (f"{built}{brief(ctx.src, call)}, which returns "
                            f"{brief(callee_ctx.src, value)} (line {line(ret)})")
    return ""


def _literal_values(literal_value: Node | None):
    """The element values of a composite literal's `{…}` (keys left out; elided inner
    literals opened)."""
    for child in literal_value.named_children if literal_value is not None else ():
        if child.type == "keyed_element":
            child = child.child_by_field_name("element") or child.named_children[-1]
        if child.type == "literal_value":
            yield from _literal_values(child)
        elif child.type != "comment":
            yield child




def certainly_not_nil(sc, body: Node, stmt: Node, expr: Node) -> bool:
    node = expr
    while node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        return function is not None and function.text in (b"fmt.Errorf", b"errors.New")
    if node.type == "composite_literal":
        return True
    if node.type == "unary_expression" and node.text[:1] == b"&":
        operand = node.child_by_field_name("operand")
        return operand is not None and operand.type == "composite_literal"
    if node.type != "identifier" or sc is None:
        return False
    variable = sc.resolve(node)
    if variable is None:
        return False
    for parent in parsing.ancestors(stmt):
        if parent == body:
            return False
        if parent.type != "if_statement":
            continue
        consequence = parent.child_by_field_name("body")
        condition = parent.child_by_field_name("condition")
        if consequence is None or condition is None or not within(stmt, consequence):
            continue
        if _proves_not_nil(sc, condition, variable):
            changed = [u for u in variable.possible_writes
                       if condition.end_byte <= u.start < stmt.start_byte]
            captured = any(u.is_write for lit in variable.capturing_literals
                           for u in variable.captured_uses(lit))
            return not changed and not captured
    return False


def _proves_not_nil(sc, condition: Node, variable) -> bool:
    node = condition
    while node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    if node.type != "binary_expression":
        return False
    operator = node.child_by_field_name("operator")
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return False
    if operator.type == "&&":
        return _proves_not_nil(sc, left, variable) or _proves_not_nil(sc, right, variable)
    if operator.type != "!=":
        return False
    for side, other in ((left, right), (right, left)):
        if side.type == "identifier" and other.text == b"nil" and sc.resolve(side) == variable:
            return True
    return False
