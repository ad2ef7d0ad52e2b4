"""Types: the one place a rule asks a type question, of go/types or of the syntax.

go/types answers through `ctx.types` (`Types.ident`, `expr`, `method_set`, `call`, and
`changes_value`, `bodies_of` built on them), asked by byte position of the engine's types
service, batched per module (codemod/typestage.py); a rule asks them only where a verdict
depends on the answer, and where they settle nothing (Unavailable, NoAnswer) it falls back
to the written types below and says why (`untyped`). The syntax answers come in two
layers (a `TypeOracle` given to `Types` is asked first by `of`; the engine gives none, so
that `of`, which every rule calls freely, asks go/types nothing):

- `SyntaxTypes`, one per function (`ctx.scopes(node).types`, built by its scope analysis,
  which needs it to give `:=` variables their types): the type of an expression where the
  syntax shows it (`of`), the kind of a type's underlying type (`kind`), whether a type is
  a defined one that may have methods (`is_named`), and whether a use may change a
  variable's own value (`changes_value`).
- `Types`, one per file (`ctx.types`): the file's tables (type definitions, struct types,
  functions, package-level variables) and the questions that follow them further: the
  type of an expression through the results of this file's functions, struct fields and
  package variables (`of`), a variable's type (`variable`), a call's result types
  (`call_results`), the package's methods of a name for a receiver type (`methods`), and
  whether a type holds nothing a resource could live in (`plain`).

Also here: function results as written (`function_results`), the package's type
definitions (`file_types`, per file, for `ctx.package.lookup`), zero values of written types
(`zero_value`) and the key and value types of a `range` (`range_types`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Protocol

from tree_sitter import Node

from . import universe
from .syntax import TYPE_KINDS, called_selector, descendants, selector_path, text, token, unparen, value_for

from .gotypes.answers import Answer, Call, NoAnswer, Unavailable
from .gotypes.service import Question

if TYPE_CHECKING:
    from ..context import FileContext
    from .package import Lookup
    from .scopes import Scopes, Use, Variable


@dataclass(frozen=True)
class TypeExpr:
    """A type as written in the source: its text, and its syntax node when there is one."""
    text: str
    node: Node | None = None
    # For types built from text (variadic `...T` is `[]T`), the element type.
    elem: "TypeExpr | None" = None
    # An untyped constant's default type (int for `0`): weaker than any typed operand.
    untyped: bool = False

    def __str__(self) -> str:
        return self.text


_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "&&", "||"})
# Expressions whose written type follows from their operands' (SyntaxTypes._of).
_TYPED_BY_OPERANDS = frozenset({"call_expression", "unary_expression", "binary_expression",
                                "index_expression", "slice_expression"})


def _evaluate(step: Iterator) -> object:
    """The value of `step` (a generator that yields the steps whose values it needs and
    returns its own), computed from a stack of its own rather than by recursion."""
    stack: list[Iterator] = []
    current, value = step, None
    while True:
        try:
            nested = current.send(value)
        except StopIteration as done:
            if not stack:
                return done.value
            current, value = stack.pop(), done.value
            continue
        stack.append(current)
        current, value = nested, None


class SyntaxTypes:
    """The written types of one function's expressions (see the module docstring); its
    `Scopes` builds it and asks it while walking, to type the variables it declares."""

    def __init__(self, scopes: "Scopes", src: bytes, file_types: dict[str, Node] | None = None,
                 file_vars: dict[str, TypeExpr] | None = None) -> None:
        self._scopes = scopes
        self.src = src
        self._file_types = file_types or {}
        self._file_vars = file_vars or {}

    def _text(self, node: Node) -> str:
        return self.src[node.start_byte:node.end_byte].decode("utf-8", "surrogateescape")

    def kind(self, type_: TypeExpr | None) -> str:
        """The kind of a written type's underlying type: "pointer", "slice", "array", "map",
        "chan", "func", "interface", "struct", "string", "basic", or "" when not visible."""
        under = self.underlying(type_)
        if under is None:
            return ""
        if under.elem is not None and under.text.startswith("[]"):
            return "slice"
        if under.node is None or under.node.type == "type_identifier":
            if under.text == "string":
                return "string"
            if under.text in ("error", "any"):
                return "interface"
            if under.text in universe.TYPES:
                return "basic"
            if under.text.startswith("*"):
                return "pointer"
            return ""
        return {"pointer_type": "pointer", "slice_type": "slice", "array_type": "array",
                "implicit_length_array_type": "array", "map_type": "map",
                "channel_type": "chan", "function_type": "func", "interface_type": "interface",
                "struct_type": "struct"}.get(under.node.type, "")

    def value_kind(self, expr: Node) -> str:
        """`kind` of the expression's written type, where a predeclared type other than any
        named as such (the type of a conversion `rune(x)`) is "string" or "basic"."""
        type_ = self.of(expr)
        if type_ is not None and type_.text in universe.CONVERSION_TYPES:
            return "string" if type_.text == "string" else "basic"
        return self.kind(type_)

    def is_named(self, type_: TypeExpr | None) -> bool:
        """A defined (named) type other than a predeclared one: it may have methods."""
        if type_ is None:
            return True
        if type_.node is None:
            return not (type_.text in universe.TYPES or type_.text[:1] in "*[")
        # An identifier node: the type of a conversion `T(x)`.
        return type_.node.type in ("type_identifier", "identifier", "qualified_identifier",
                                   "generic_type") and type_.text not in universe.TYPES

    def changes_value(self, use: Use) -> bool:
        """Whether `use` may change the variable's own value (not only memory it points to).

        `x = …`, `x++`, `&x`: yes. `x.f = …`, `x[i] = …`, `&x.f`: only when x holds the data
        itself (a struct or array, or a type we cannot see); through a pointer, slice or map
        they change shared memory, not x. A method value `f := x.M` or a slice `x.arr[:]` of
        x's own storage: yes (they are recorded only then). `x.M()`, `x.f.M()`, `x[0].M()`: a
        possible write when the receiver is x's own storage and may have methods (a named
        type, an unnamed struct with embedded fields, or a type we cannot see), unless M is a
        field of a visible struct (a func-typed field, called)."""
        from .scopes import Access
        if not use.may_change:
            return False
        if not use.partial and use.access & (Access.WRITE | Access.ADDR):
            return True
        if use.how in ("method value", "slice"):
            return True
        var = use.variable
        kind = self.kind(var.type)
        if use.access & (Access.WRITE | Access.ADDR):
            return kind not in ("pointer", "slice", "map")
        selector = called_selector(use.node)
        if selector is not None:
            root, steps = selector_path(self.src, selector.child_by_field_name("operand"))
            field_node = selector.child_by_field_name("field")
            if root is not None and field_node is not None:
                return self.may_bind_method(var, steps, self._text(field_node))
        if kind in ("pointer", "interface"):
            return False
        return self.is_named(var.type) or kind == ""

    def follow(self, var: Variable, steps: list[tuple[str, str]]
                ) -> tuple[bool, TypeExpr | None]:
        """Walk a field/index path from `var` through its own storage: (False, None) when the
        path leaves it (through a pointer, slice, map…), else (True, the path's type or None
        when not visible)."""
        type_ = var.type
        for step, name in steps:
            kind = self.kind(type_)
            if kind in ("pointer", "slice", "map", "chan", "func", "interface", "string",
                        "basic"):
                return False, None
            if step == "field" and kind == "struct":
                type_ = self._field_type(type_, name)
            elif step == "index" and kind == "array":
                under = self.underlying(type_)
                elem = under.node.child_by_field_name("element") \
                    if under is not None and under.node is not None else None
                type_ = TypeExpr(self._text(elem), elem) if elem is not None else None
            else:
                type_ = None
            if type_ is None:
                return True, None
        return True, type_

    def _field_type(self, type_: TypeExpr | None, name: str) -> TypeExpr | None:
        """The type of the direct (or embedded) field `name` of a visible struct type."""
        under = self.underlying(type_)
        if under is None or under.node is None or under.node.type != "struct_type":
            return None
        for declaration in under.node.named_children:
            if declaration.type != "field_declaration":
                continue
            type_node = declaration.child_by_field_name("type")
            names = [self._text(n) for n in declaration.children_by_field_name("name")]
            if type_node is None:
                continue
            embedded = re.sub(r"\[.*$", "", self._text(type_node)).lstrip("*").split(".")[-1]
            if name in names or (not names and embedded == name):
                return TypeExpr(self._text(type_node), type_node)
        return None

    def _has_embedded(self, type_: TypeExpr | None) -> bool:
        under = self.underlying(type_)
        return under is not None and under.node is not None \
            and under.node.type == "struct_type" \
            and any(d.type == "field_declaration" and not d.children_by_field_name("name")
                    for d in under.node.named_children)

    def may_bind_method(self, var: Variable, steps: list[tuple[str, str]], name: str) -> bool:
        """Whether `O.name`, with O the path `steps` from `var`, may be a method with a
        pointer receiver on var's own storage (so calling it, or the method value, may
        write var)."""
        own, type_ = self.follow(var, steps)
        if not own:
            return False
        if type_ is None:
            return True
        kind = self.kind(type_)
        if kind in ("pointer", "interface"):
            return False
        if kind == "struct":
            if self._field_type(type_, name) is not None:
                return False  # a field (called: a func-typed field), not a method
            return self.is_named(type_) or self._has_embedded(type_)
        return self.is_named(type_) or kind == ""

    def value_types(self, count: int, values: list[Node]) -> list[TypeExpr | None]:
        if len(values) == count:
            return [self._default(self.of(v)) for v in values]
        if len(values) == 1 and count == 2:
            return list(self._comma_ok_types(values[0]))
        return [None] * count

    @staticmethod
    def _default(type_: TypeExpr | None) -> TypeExpr | None:
        if type_ is not None and type_.untyped:
            return TypeExpr(type_.text, type_.node, type_.elem)
        return type_

    def _comma_ok_types(self, value: Node) -> tuple[TypeExpr | None, TypeExpr | None]:
        value = unparen(value)
        ok = TypeExpr("bool")
        if value.type == "index_expression":
            operand = self.of(value.child_by_field_name("operand"))
            under = self.underlying(operand)
            if under is not None and under.node is not None and under.node.type == "map_type":
                elem = under.node.child_by_field_name("element")
                if elem is not None:
                    return TypeExpr(self._text(elem), elem), ok
            return None, None
        if value.type == "type_assertion_expression":
            return self.of(value), ok
        if value.type == "unary_expression" and token(value, ("<-",)):
            return self.of(value), ok
        return None, None

    def literal_kind(self, type_node: Node | None) -> str:
        """'struct' (keys are field names), 'expr' (keys are expressions) or 'unknown'."""
        under = self.underlying_node(type_node)
        if under is None:
            return "unknown"
        if under.type == "struct_type":
            return "struct"
        if under.type in ("map_type", "slice_type", "array_type", "implicit_length_array_type"):
            return "expr"
        return "unknown"

    def literal_parts(self, type_node: Node | None) -> tuple[Node | None, Node | None]:
        """(element type, key type) of a composite literal's type, where written."""
        under = self.underlying_node(type_node)
        if under is None:
            return None, None
        if under.type == "map_type":
            return under.child_by_field_name("element"), under.child_by_field_name("key")
        if under.type in ("slice_type", "array_type", "implicit_length_array_type"):
            return under.child_by_field_name("element"), None
        return None, None

    def underlying_node(self, type_node: Node | None, depth: int = 0) -> Node | None:
        """Follow local and file-level type names to the written type (a few steps)."""
        while type_node is not None and type_node.type == "parenthesized_type" \
                and type_node.named_child_count:
            type_node = type_node.named_children[0]
        if type_node is None or depth > 8:
            return type_node
        if type_node.type == "generic_type":
            type_node = type_node.child_by_field_name("type")
            if type_node is None:
                return None
        if type_node.type in ("type_identifier", "identifier"):
            name = self._text(type_node)
            local = self._scopes.lookup(name, type_node.start_byte) if not self._scopes.walking \
                else self._scopes.visible(name)
            if local is not None:
                if local.kind != "type":
                    return None
                return self.underlying_node(local.decl.child_by_field_name("type"), depth + 1)
            if name in self._file_types:
                return self.underlying_node(self._file_types[name], depth + 1)
            return None
        return type_node

    def underlying(self, type_: TypeExpr | None) -> TypeExpr | None:
        if type_ is None or type_.node is None:
            return type_
        under = self.underlying_node(type_.node)
        if under is None or under == type_.node:
            return type_
        return TypeExpr(self._text(under), under)

    def of(self, expr: Node | None) -> TypeExpr | None:
        """The type of `expr` as the syntax shows it, or None when it takes type checking."""
        if expr is None:
            return None
        expr = unparen(expr)
        if expr.type not in _TYPED_BY_OPERANDS:
            return self._own_type(expr)
        return _evaluate(self._of(expr))

    def _of(self, expr: Node | None) -> Iterator:
        """`of` as a step of `_evaluate`: an operand's type is asked for by yielding its step
        (`a[0][0]…`, `- - x`, `s[:][:]…` nest as deep as the code does)."""
        if expr is None:
            return None
        expr = unparen(expr)
        kind = expr.type
        if kind not in _TYPED_BY_OPERANDS:
            return self._own_type(expr)
        if kind == "call_expression":
            return (yield self._call_type(expr))
        if kind == "unary_expression":
            return (yield self._unary_type(expr))
        if kind == "binary_expression":
            return (yield self._binary_type(expr))
        if kind == "index_expression":
            return (yield self._index_type(expr))
        operand = self.underlying((yield self._of(expr.child_by_field_name("operand"))))
        if operand is None:
            return None
        if operand.text == "string":
            return TypeExpr("string")
        if operand.node is not None and operand.node.type == "slice_type":
            return operand
        if operand.node is not None and operand.node.type == "array_type":
            elem = operand.node.child_by_field_name("element")
            if elem is not None:
                return TypeExpr("[]" + self._text(elem), None, elem=TypeExpr(self._text(elem), elem))
        return None

    def _own_type(self, expr: Node) -> TypeExpr | None:
        """The type of an expression that does not depend on its operands' (a literal, a
        name, a func literal's or an assertion's written type)."""
        kind = expr.type
        if kind == "int_literal":
            return TypeExpr("int", untyped=True)
        if kind == "float_literal":
            return TypeExpr("float64", untyped=True)
        if kind == "imaginary_literal":
            return TypeExpr("complex128", untyped=True)
        if kind == "rune_literal":
            return TypeExpr("rune", untyped=True)
        if kind in ("interpreted_string_literal", "raw_string_literal"):
            return TypeExpr("string", untyped=True)
        if kind == "identifier":
            return self._identifier_type(expr)
        if kind == "composite_literal":
            type_node = expr.child_by_field_name("type")
            if type_node is None or type_node.type == "implicit_length_array_type":
                return None
            return TypeExpr(self._text(type_node), type_node)
        if kind == "function_literal":
            body = expr.child_by_field_name("body")
            end = body.start_byte if body is not None else expr.end_byte
            text = self.src[expr.start_byte:end].decode("utf-8", "surrogateescape").rstrip()
            return TypeExpr(text)
        if kind == "type_assertion_expression":
            type_node = expr.child_by_field_name("type")
            return TypeExpr(self._text(type_node), type_node) if type_node is not None else None
        return None

    def _identifier_type(self, ident: Node) -> TypeExpr | None:
        name = self._text(ident)
        var = self._scopes.resolve(ident)
        if var is None:
            var = self._scopes.visible(name) if self._scopes.walking else None
        if var is not None:
            return var.type if var.kind != "type" else None
        if name in self._file_vars:
            return self._file_vars[name]
        if name in ("true", "false"):
            return TypeExpr("bool", untyped=True)
        return None

    def _call_type(self, call: Node) -> Iterator:
        function = unparen(call.child_by_field_name("function"))
        arguments = call.child_by_field_name("arguments")
        args = [a for a in arguments.named_children if a.type != "comment"] \
            if arguments is not None else []
        if function.type in TYPE_KINDS - {"type_identifier", "field_identifier",
                                            "package_identifier", "qualified_identifier",
                                            "label", "comment", "type_elem",
                                            "type_arguments"}:
            return TypeExpr(self._text(function), function)  # conversion: []byte(s)
        if function.type != "identifier":
            return None
        name = self._text(function)
        local = self._scopes.resolve(function) or (self._scopes.visible(name) if self._scopes.walking else None)
        if local is not None:
            if local.kind == "type":
                return TypeExpr(name, function)
            return None
        if name in self._file_types:
            return TypeExpr(name, function)
        if name in ("len", "cap", "copy"):
            return TypeExpr("int")
        if name == "make" and args:
            return TypeExpr(self._text(args[0]), args[0])
        if name == "new" and args:
            return TypeExpr("*" + self._text(args[0]))
        if name in universe.TYPES and name != "any":
            return TypeExpr(name, function)
        if name in ("min", "max") and args:
            types = []
            for argument in args:
                types.append((yield self._of(argument)))
            return self._combine(types)
        return None

    def _unary_type(self, expr: Node) -> Iterator:
        operator = expr.child_by_field_name("operator")
        op = self._text(operator) if operator is not None else ""
        operand = expr.child_by_field_name("operand")
        if op == "&":
            inner = yield self._of(operand)
            if inner is None or (operand is not None
                                 and unparen(operand).type != "composite_literal"):
                return None
            return TypeExpr("*" + inner.text)
        if op == "!":
            return TypeExpr("bool")
        if op in ("-", "+", "^"):
            return (yield self._of(operand))
        if op == "<-":
            channel = self.underlying((yield self._of(operand)))
            if channel is not None and channel.node is not None \
                    and channel.node.type == "channel_type":
                elem = channel.node.child_by_field_name("element")
                if elem is None and channel.node.named_child_count:
                    elem = channel.node.named_children[-1]
                if elem is not None:
                    return TypeExpr(self._text(elem), elem)
        return None

    def _binary_type(self, expr: Node) -> Iterator:
        """Arithmetic chains are flattened (they can be thousands of terms deep)."""
        leaves: list[Node] = []
        stack = [expr]
        while stack:
            node = unparen(stack.pop())
            if node.type != "binary_expression":
                leaves.append(node)
                continue
            operator = node.child_by_field_name("operator")
            op = self._text(operator) if operator is not None else ""
            if op in _COMPARISONS:
                if node == expr:
                    return TypeExpr("bool", untyped=True)
                return None  # bool in arithmetic: not valid Go
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                return None
            stack.append(left)
            if op not in ("<<", ">>"):  # a shift has the type of its left operand
                stack.append(right)
        types = []
        for leaf in leaves:
            types.append((yield self._of(leaf)))
        return self._combine(types)

    @staticmethod
    def _combine(types: list[TypeExpr | None]) -> TypeExpr | None:
        """The type of an arithmetic expression over operands of these types."""
        if any(t is None for t in types):
            return None
        typed = [t for t in types if t is not None and not t.untyped]
        if typed:
            if all(t.text == typed[0].text for t in typed):
                return typed[0]
            return None
        rank = ["int", "rune", "float64", "complex128"]
        known = [t for t in types if t is not None and t.text in rank]
        if len(known) != len(types):
            return types[0] if all(t is not None and t.text == types[0].text
                                   for t in types) else None
        return max(known, key=lambda t: rank.index(t.text))

    def _index_type(self, expr: Node) -> Iterator:
        operand = self.underlying((yield self._of(expr.child_by_field_name("operand"))))
        if operand is None:
            return None
        if operand.text == "string":
            return TypeExpr("byte")
        if operand.elem is not None:
            return operand.elem
        node = operand.node
        if node is not None and node.type == "pointer_type" and node.named_child_count:
            node = self.underlying_node(node.named_children[0])
        if node is None:
            return None
        if node.type in ("slice_type", "array_type", "map_type"):
            elem = node.child_by_field_name("element") or node.child_by_field_name("value")
            if elem is not None:
                return TypeExpr(self._text(elem), elem)
        return None


def range_types(type_: TypeExpr | None) -> tuple[TypeExpr | None, TypeExpr | None]:
    """The (key, value) types of `for k, v := range x` when x has this written type."""
    if type_ is None:
        return None, None
    if type_.untyped and type_.text == "int":
        return TypeExpr("int"), None
    if type_.text == "string":
        return TypeExpr("int"), TypeExpr("rune")
    if type_.text in universe.INTEGER_TYPES and type_.node is None or (
            type_.node is not None and type_.node.type == "type_identifier"
            and type_.text in universe.INTEGER_TYPES):
        return TypeExpr(type_.text), None
    if type_.elem is not None:  # built from text: a variadic parameter's []T
        return TypeExpr("int"), type_.elem
    node = type_.node
    if node is None:
        return None, None
    if node.type == "pointer_type" and node.named_child_count \
            and node.named_children[0].type == "array_type":
        node = node.named_children[0]
    text = _node_text
    if node.type in ("slice_type", "array_type", "implicit_length_array_type"):
        elem = node.child_by_field_name("element")
        return TypeExpr("int"), (TypeExpr(text(elem), elem) if elem is not None else None)
    if node.type == "map_type":
        key, value = node.child_by_field_name("key"), node.child_by_field_name("element")
        return (TypeExpr(text(key), key) if key is not None else None,
                TypeExpr(text(value), value) if value is not None else None)
    if node.type == "channel_type":
        elem = node.child_by_field_name("element")
        if elem is None and node.named_child_count:
            elem = node.named_children[-1]
        return (TypeExpr(text(elem), elem) if elem is not None else None), None
    return None, None


def _node_text(node: Node) -> str:
    return node.text.decode("utf-8", "surrogateescape") if node.text is not None else ""


@dataclass
class Result:
    """One result of the enclosing function."""
    type: str
    name: str = ""
    node: Node | None = None


def function_results(function: Node, src: bytes) -> list[Result]:
    result = function.child_by_field_name("result")
    if result is None:
        return []
    if result.type != "parameters":
        return [Result(text(src, result), node=result)]
    found = []
    for declaration in result.named_children:
        if declaration.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        type_node = declaration.child_by_field_name("type")
        names = [c for i, c in enumerate(declaration.children)
                 if declaration.field_name_for_child(i) == "name"]
        type_text = text(src, type_node) if type_node is not None else ""
        if names:
            found.extend(Result(type_text, text(src, n), type_node) for n in names)
        else:
            found.append(Result(type_text, node=type_node))
    return found


_BASIC_ZERO = {"string": '""', "bool": "false", "error": "nil", "any": "nil",
               "uintptr": "0", "rune": "0", "byte": "0"}
# Interface types of the standard library that functions often return: their zero is nil.
_STD_INTERFACES = frozenset({
    "context.Context", "net.Conn", "net.Listener", "net.PacketConn", "net.Addr", "net.Error",
    "io.Reader", "io.Writer", "io.Closer", "io.ReadCloser", "io.WriteCloser", "io.ReadWriter",
    "io.ReadWriteCloser", "io.ReaderAt", "io.WriterTo", "io.ReaderFrom", "io.Seeker",
    "io.ReadSeeker", "io.ReadSeekCloser", "fs.File", "fs.FileInfo", "fs.DirEntry", "fs.FS",
    "os.FileInfo", "os.DirEntry", "os.Signal", "http.Handler", "http.RoundTripper",
    "sql.Result", "reflect.Type", "hash.Hash", "fmt.Stringer", "sort.Interface",
    "driver.Conn", "driver.Rows", "driver.Stmt", "driver.Tx", "driver.Result",
})


class TypeLookup(Protocol):
    """Type names -> the text of their definitions (a dict, or a lazy lookup)."""
    def get(self, name: str, default: str | None = None, /) -> str | None: ...


NUMERIC = re.compile(r"^(u?int(8|16|32|64)?|float(32|64)|complex(64|128))$")


def zero_value(type_text: str, underlying: TypeLookup, depth: int = 0) -> str:
    """A Go expression for the zero value of a written type. `underlying` maps the package's
    type names to the text of their definitions (`Conn` -> `interface{ … }`)."""
    t = type_text.strip()
    if t in _BASIC_ZERO:
        return _BASIC_ZERO[t]
    if t in _STD_INTERFACES:
        return "nil"
    if NUMERIC.match(t):
        return "0"
    if t.startswith(("*", "[]", "map[", "chan ", "chan<-", "<-chan", "func(", "func (",
                     "interface{", "interface {")):
        return "nil"
    if t.startswith(("struct{", "struct {", "[")):
        return t + "{}"
    definition = underlying.get(t)
    if definition is not None and depth < 8:
        inner = zero_value(definition, underlying, depth + 1)
        if inner in ("nil", '""', "false", "0"):
            return inner
        if not inner.startswith("*new("):
            return t + "{}"
    return f"*new({t})"


def type_specs(root: Node) -> Iterator[tuple[Node, Node]]:
    """(name, definition) of each package-level, non-generic `type` spec (aliases included)."""
    for decl in root.named_children:
        if decl.type != "type_declaration":
            continue
        for spec in decl.named_children:
            if spec.type not in ("type_definition", "alias_declaration") \
                    or spec.child_by_field_name("type_parameters") is not None:
                continue
            name, definition = spec.child_by_field_name("name"), spec.child_by_field_name("type")
            if name is not None and definition is not None:
                yield name, definition


def file_types(root: Node, src: bytes) -> dict[str, str]:
    """The file's type names -> the text of the type each is defined as."""
    return {text(src, name): text(src, definition) for name, definition in type_specs(root)}


# --- one file's types: the tables, and the questions that follow them --------------------------

_LITERAL_TYPES = {"interpreted_string_literal": "string", "raw_string_literal": "string",
                  "int_literal": "int", "float_literal": "float64", "rune_literal": "rune"}
# Types whose values cannot hold a resource.
_PLAIN = re.compile(r"^(bool|string|error|byte|rune|uintptr|u?int(8|16|32|64)?|"
                    r"float(32|64)|complex(64|128))$")


class TypeOracle(Protocol):
    """A typed answer for an expression of one file (go/types through export data): the
    type's text as go/types prints it, qualified by package name, or None when it has none
    (the syntax answer is used then)."""
    def type_at(self, path: str, start: int, end: int, /) -> str | None: ...


class Types:
    """Every type question about one file (`ctx.types`); see the module docstring.

    `sc` arguments are the scope analysis of the function the expression is in (None outside
    any function, or in a function that cannot be analysed); `oracle`, when given, is asked
    first by `of`."""

    def __init__(self, ctx: "FileContext", oracle: TypeOracle | None = None) -> None:
        self._ctx = ctx
        self._oracle = oracle

    # --- the tables -------------------------------------------------------------------------
    @functools.cached_property
    def _specs(self) -> list[tuple[Node, Node, bool]]:
        """(name, definition, generic) of each package-level type spec of the file."""
        found = []
        for decl in self._ctx.root.named_children:
            if decl.type != "type_declaration":
                continue
            for spec in decl.named_children:
                name, definition = spec.child_by_field_name("name"), \
                    spec.child_by_field_name("type")
                if name is not None and definition is not None:
                    found.append((name, definition,
                                  spec.child_by_field_name("type_parameters") is not None))
        return found

    @functools.cached_property
    def definition_nodes(self) -> dict[str, Node]:
        """Type names of this file -> their written definition (generic ones included)."""
        return {self._ctx.text(name): definition for name, definition, _ in self._specs}

    @functools.cached_property
    def definitions(self) -> dict[str, str]:
        """Non-generic type names of this file -> the text of their definition."""
        return {self._ctx.text(name): self._ctx.text(definition)
                for name, definition, generic in self._specs if not generic}

    @property
    def package_definitions(self) -> "Lookup":
        """`definitions` of the whole package, the file's first (siblings read on demand)."""
        return self._ctx.package.lookup(file_types)

    @functools.cached_property
    def structs(self) -> dict[str, Node]:
        """This file's non-generic struct types: name -> struct_type node."""
        return {self._ctx.text(name): definition for name, definition, generic in self._specs
                if not generic and definition.type == "struct_type"}

    @functools.cached_property
    def functions(self) -> dict[str, Node]:
        """This file's function declarations by name."""
        found = {}
        for decl in self._ctx.root.named_children:
            name = decl.child_by_field_name("name")
            if decl.type == "function_declaration" and name is not None:
                found[self._ctx.text(name)] = decl
        return found

    @functools.cached_property
    def written_vars(self) -> dict[str, TypeExpr]:
        """Package-level vars and consts of this file whose type is written: `var x T`,
        `var x = T{…}`, `const c = "s"` (what the scope analysis types identifiers with)."""
        ctx = self._ctx

        def written(spec: Node, index: int) -> TypeExpr | None:
            type_node = spec.child_by_field_name("type")
            if type_node is not None:
                return TypeExpr(ctx.text(type_node), type_node)
            value = spec.child_by_field_name("value")
            values = value.named_children if value is not None else []
            if index >= len(values):
                return None
            item = values[index]
            if item.type in _LITERAL_TYPES:
                return TypeExpr(_LITERAL_TYPES[item.type])
            literal_type = item.child_by_field_name("type") \
                if item.type == "composite_literal" else None
            if literal_type is not None and literal_type.type != "implicit_length_array_type":
                return TypeExpr(ctx.text(literal_type), literal_type)
            return None

        found: dict[str, TypeExpr] = {}
        for decl in ctx.root.named_children:
            if decl.type not in ("var_declaration", "const_declaration"):
                continue
            specs = [c for c in decl.named_children if c.type in ("var_spec", "const_spec")]
            specs += [c for group in decl.named_children if group.type == "var_spec_list"
                      for c in group.named_children if c.type == "var_spec"]
            for spec in specs:
                names = spec.children_by_field_name("name")
                for index, name in enumerate(names):
                    type_ = written(spec, index)
                    if type_ is not None:
                        found[ctx.text(name)] = type_
        return found

    @functools.cached_property
    def package_vars(self) -> dict[str, str]:
        """This file's package-level variables -> their type, where written or plain to see
        (`var n int`, `var names = []string{}`, `var label = "x"`, `var ok = true`), for
        `of` where the scope analysis has no written type."""
        ctx = self._ctx
        found = {}
        for decl in ctx.root.named_children:
            if decl.type != "var_declaration":
                continue
            for spec in descendants(decl):
                if spec.type != "var_spec":
                    continue
                names = [c for i, c in enumerate(spec.children)
                         if spec.field_name_for_child(i) == "name"]
                written = spec.child_by_field_name("type")
                value = spec.child_by_field_name("value")
                values = value.named_children if value is not None \
                    and value.type == "expression_list" else [value]
                for index, name in enumerate(names):
                    if written is not None:
                        found[ctx.text(name)] = ctx.text(written)
                    elif len(values) == len(names) and values[index] is not None:
                        kind = self._literal_type(values[index])
                        if kind:
                            found[ctx.text(name)] = kind
        return found

    def _literal_type(self, value: Node) -> str | None:
        if value.type in ("interpreted_string_literal", "raw_string_literal"):
            return "string"
        if value.type == "int_literal":
            return "int"
        if value.type == "float_literal":
            return "float64"
        if value.type in ("true", "false"):
            return "bool"
        if value.type == "composite_literal":
            kind = value.child_by_field_name("type")
            return self._ctx.text(kind) if kind is not None else None
        return None

    # --- go/types ---------------------------------------------------------------------------
    # What the type checker says, by byte position, through the types service (one batch per
    # module; see codemod.analysis.gotypes.record): Ident, Expr or Call, or an answer that
    # settles nothing (Unavailable, NoAnswer: both falsy), where the rule falls back to the
    # syntax and says why in its why-line. Ask only where a verdict depends on the answer.
    def ident(self, node: Node) -> Answer:
        """What the identifier starting at `node` denotes."""
        return self._ctx.answers.answer(Question("ident", node.start_byte))

    def known_ident(self, node: Node) -> Answer | None:
        """`ident(node)` when it is answered already (or types are off), else None, without
        asking."""
        return self._ctx.answers.peek(Question("ident", node.start_byte))

    def expr(self, node: Node) -> Answer:
        """The expression spanning `node`: its type, mode, addressability."""
        return self._ctx.answers.answer(Question("expr", node.start_byte, node.end_byte))

    def method_set(self, node: Node) -> Answer:
        """The expression spanning `node`, with the methods callable on it (`Expr.methods`)."""
        return self._ctx.answers.answer(Question("methods", node.start_byte, node.end_byte))

    def call(self, node: Node) -> Answer:
        """The call spanning `node`: its callee (qualified name, kind, receiver), results."""
        return self._ctx.answers.answer(Question("call", node.start_byte, node.end_byte))

    def changes_value(self, sc: "Scopes", use: "Use") -> bool:
        """`sc.types.changes_value(use)`, with go/types' word on a method call: calling a
        method with a value receiver, an interface method or a func field on the variable
        writes nothing of its own (a pointer method is left to the syntax, which follows the
        path through the variable's own storage). Asked only where the syntax says a call
        may write."""
        from .scopes import Access
        if not sc.types.changes_value(use):
            return False
        if not use.access & Access.CALL or use.access & (Access.WRITE | Access.ADDR) \
                or use.how in ("method value", "slice"):
            return True
        selector = called_selector(use.node)
        call = selector.parent if selector is not None else None
        while call is not None and call.type == "parenthesized_expression":
            call = call.parent
        if call is None or call.type != "call_expression" or unparen(
                call.child_by_field_name("function")) != selector:
            return True
        answer = self.call(call)
        if not isinstance(answer, Call):
            return True
        if answer.callee_kind == "func_value":
            return False                     # a func-typed field, called
        receiver = answer.receiver
        if answer.callee_kind == "method" and receiver is not None:
            return not receiver.interface and receiver.pointer
        return True

    def bodies_of(self, callee: Call) -> list[tuple["FileContext", Node]]:
        """The bodies in this package's files of the function or method go/types names as a
        call's callee (`example.com/m/p.f`, `(*example.com/m/p.T).M`): for a method, those
        of that name whose receiver's type has the callee's type name (or cannot be read)."""
        name = callee.callee.rsplit(".", 1)[-1]
        if callee.callee_kind == "func":
            return self._ctx.package.bodies(name)
        owner = type_name(callee.callee.split(")", 1)[0].lstrip("(*"))
        return [(other, body) for other, body in self._ctx.package.bodies(name, method=True)
                if _receiver_type_name(other, body) in (owner, "")]

    # --- the questions ----------------------------------------------------------------------
    def of(self, sc: "Scopes | None", expr: Node, depth: int = 0) -> str | None:
        """The type of an expression: the written type the scope analysis sees first, then
        this file's function results, struct fields and package variables."""
        ctx = self._ctx
        while expr.type == "parenthesized_expression" and expr.named_children:
            expr = expr.named_children[0]
        if self._oracle is not None:
            typed = self._oracle.type_at(ctx.path, expr.start_byte, expr.end_byte)
            if typed is not None:
                return typed
        known = sc.types.of(expr) if sc is not None else None
        if known is not None:
            return known.text
        if depth > 4:
            return None
        if expr.type == "identifier":
            variable = sc.resolve(expr) if sc is not None else None
            if variable is None:
                return self.package_vars.get(ctx.text(expr))
            return self.variable(sc, variable, depth + 1)
        if expr.type == "index_expression":
            operand = expr.child_by_field_name("operand")
            base = self.of(sc, operand, depth + 1) if operand is not None else None
            element = re.match(r"^(map\[[^\[\]]*\]|\[[^\]]*\])(.+)$", base or "")
            return element.group(2).strip() if element else None
        if expr.type == "call_expression":
            results = self.call_results(expr)
            return results[0] if results and len(results) == 1 else None
        if expr.type == "selector_expression":
            operand = expr.child_by_field_name("operand")
            field_name = expr.child_by_field_name("field")
            base = self.of(sc, operand, depth + 1) if operand is not None else None
            if base is None or field_name is None:
                return None
            return self.field(base.lstrip("*"), ctx.text(field_name))
        return None

    def variable(self, sc: "Scopes | None", variable: "Variable | None",
                 depth: int = 0) -> str | None:
        """A local variable's type: written, or that of the value it is declared with."""
        if variable is None:
            return None
        if variable.type is not None:
            return variable.type.text
        value = value_for(variable.node)
        if value is None or value.type != "call_expression" or depth > 4:
            return self.of(sc, value, depth + 1) if value is not None and depth <= 4 \
                else None
        results = self.call_results(value)
        if not results:
            return None
        if len(results) == 1:
            return results[0]
        names = variable.node.parent
        if names is None or names.type != "expression_list":
            return None
        index = [c for c in names.named_children].index(variable.node)
        return results[index] if index < len(results) else None

    def call_results(self, call: Node) -> list[str]:
        """The result types of a call of this file's function, or of the package's methods
        of that name (of the receiver's type when known) when they all agree."""
        ctx = self._ctx
        function = call.child_by_field_name("function")
        if function is None:
            return []
        if function.type == "identifier":
            decl = self.functions.get(ctx.text(function))
            if decl is None:
                return []
            return [r.type for r in function_results(decl, ctx.src)]
        if function.type != "selector_expression":
            return []
        operand = function.child_by_field_name("operand")
        field_name = function.child_by_field_name("field")
        if operand is None or field_name is None or operand.type == "identifier" \
                and ctx.text(operand) in ctx.package.file_names.imports:
            return []
        receiver_type = self.of(ctx.scopes(call), operand, 5) \
            if ctx.scopes(call) is not None else None
        found = None
        for other, decl in self.methods(ctx.text(field_name), receiver_type):
            results = [r.type for r in function_results(decl, other.src)]
            if found is not None and results != found:
                return []
            found = results
        return found or []

    def field(self, type_name: str, field_name: str) -> str | None:
        """The written type of a field of one of this file's struct types."""
        ctx = self._ctx
        struct = self.structs.get(type_name)
        if struct is None:
            return None
        for declaration in descendants(struct):
            if declaration.type != "field_declaration":
                continue
            names = [c for i, c in enumerate(declaration.children)
                     if declaration.field_name_for_child(i) == "name"]
            field_type = declaration.child_by_field_name("type")
            if field_type is not None and any(ctx.text(n) == field_name for n in names):
                return ctx.text(field_type)
        return None

    def methods(self, name: str, receiver_type: str | None
                ) -> list[tuple["FileContext", Node]]:
        """The package's methods `name` of the receiver's type when it is known and has one;
        otherwise every method of that name (an interface, or a method promoted from an
        embedded field, may be any of them)."""
        methods = self._ctx.package.functions(name, method=True)
        if not methods:
            return methods   # none of that name: nothing to choose from (no type looked up)
        if self.package_definitions.get(type_name(receiver_type), "").startswith("interface"):
            return methods
        if receiver_type and "." in re.sub(r"\[.*$", "", receiver_type):
            return []   # another package's type: its methods are declared there
        matching = [(other, decl) for other, decl in methods
                    if _receiver_matches(other.src, decl, receiver_type)]
        return matching or methods

    def plain(self, type_text: str | None, depth: int = 0) -> bool:
        """A type whose values cannot hold a resource: basic types, error, and this file's
        named types defined on them."""
        if not type_text:
            return False
        if _PLAIN.match(type_text):
            return True
        definition = self.definitions.get(type_text)
        return definition is not None and depth < 4 and self.plain(definition, depth + 1)

    def holds_nothing(self, sc: "Scopes | None", expr: Node) -> bool:
        """The value of `expr` is of plain types (each result of a multi-value call)."""
        if expr.type == "call_expression":
            results = self.call_results(expr)
            if len(results) > 1:
                return all(self.plain(r) for r in results)
        return self.plain(self.of(sc, expr))

    def is_conversion(self, call: Node) -> bool:
        """`T(x)`, `(*T)(x)`: a type of this file or a builtin type applied to one value."""
        function = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if function is None or args is None or len(args.named_children) != 1:
            return False
        if function.type == "parenthesized_expression":
            return True
        if function.type in ("array_type", "slice_type", "map_type", "pointer_type",
                             "channel_type", "function_type", "interface_type", "struct_type",
                             "generic_type", "qualified_type"):
            return True
        name = self._ctx.text(function)
        return name in self.definitions \
            or name in universe.NAMES and name not in universe.FUNCTIONS


def untyped(answer: Answer) -> str:
    """Why go/types did not settle a question, for a why-line: `types were not available:
    the package does not type-check: …`."""
    if isinstance(answer, Unavailable):
        reason = answer.reason
    elif isinstance(answer, NoAnswer):
        reason = f"go/types gave no answer: {answer.reason}"
    else:
        return ""
    # One line: a type error's details (`have (string, int)`) stay with go.
    return reason.splitlines()[0].strip() if reason.strip() else reason


def type_name(type_text: str | None) -> str:
    """`*pkg.Conn[T]` -> `Conn`."""
    if not type_text:
        return ""
    return re.sub(r"\[.*$", "", type_text.lstrip("*").strip()).rsplit(".", 1)[-1]


def _receiver_type_name(other: "FileContext", body: Node) -> str:
    """The receiver's type name of the method declaration holding `body` ("" if unknown)."""
    decl = body.parent
    receiver = decl.child_by_field_name("receiver") if decl is not None else None
    for declaration in receiver.named_children if receiver is not None else ():
        written = declaration.child_by_field_name("type")
        if written is not None:
            return type_name(other.text(written))
    return ""


def _receiver_matches(src: bytes, decl: Node, receiver_type: str | None) -> bool:
    """A method declaration whose receiver is of the value's type (when that is known)."""
    wanted = type_name(receiver_type)
    receiver = decl.child_by_field_name("receiver")
    if not wanted or receiver is None:
        return True
    for declaration in receiver.named_children:
        written = declaration.child_by_field_name("type")
        if written is not None:
            return type_name(src[written.start_byte:written.end_byte].decode()) == wanted
    return True
