"""Types, as far as the syntax of the package shows them: the one place rules ask.

Step one of the move: the result lists of function declarations, the package's type
definitions and zero values of written types (from controlflow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Protocol

from tree_sitter import Node

from .syntax import text



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
