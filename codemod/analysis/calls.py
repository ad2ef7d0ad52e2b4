"""What a call does besides returning: recover(), and calls that never return.

Go's recover stops a panic only when the deferred function calls it directly: a recover() in
a func literal nested in that function (called or deferred there) returns nil and stops
nothing. `calls_recover` answers with those semantics for every rule.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tree_sitter import Node

from .gotypes.answers import Call
from .origin import assigned_values
from .package import is_standard_library
from .syntax import callee_text, descendants, function_level, line, text, unparen, value_for
from .types import untyped

if TYPE_CHECKING:
    from ..context import FileContext

# Calls after which control never comes back to the statement that follows.
NO_RETURN_CALLS = frozenset({"panic", "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln",
                             "log.Panic", "log.Panicf", "log.Panicln", "runtime.Goexit"})


def is_no_return_call(stmt: Node, src: bytes) -> bool:
    """`stmt` is an expression statement calling one of NO_RETURN_CALLS (by its name)."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return False
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return False
    function = call.child_by_field_name("function")
    return function is not None and text(src, function) in NO_RETURN_CALLS


def recover_call(src: bytes, function: Node) -> Node | None:
    """The first recover() call that `function` (a declaration, a func literal or a body)
    makes itself, not in a func literal nested in it; None when it makes none."""
    if b"recover" not in src[function.start_byte:function.end_byte]:
        return None
    for node in function_level(function):
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            if callee is not None and callee.type == "identifier" \
                    and text(src, callee) == "recover":
                return node
    return None


def calls_recover(src: bytes, function: Node) -> bool:
    """`function` calls recover() itself (see recover_call)."""
    return recover_call(src, function) is not None


_PRINT_FUNCS = re.compile(r"^(fmt\.(Print|Println|Printf|Fprint|Fprintln|Fprintf)|log\.\w+|"
                          r"print|println)$")


_PRINT_METHODS = frozenset({
    "Print", "Printf", "Println", "Log", "Logf", "Info", "Infof", "Infow", "Debug", "Debugf",
    "Debugw", "Warn", "Warnf", "Warnw", "Warning", "Warningf", "Trace", "Tracef",
})


# Calls that only compute a value to print.
_PURE_FUNCS = re.compile(r"^(fmt\.(Sprint|Sprintf|Sprintln|Errorf)|strconv\.\w+|strings\.\w+|"
                         r"time\.(Since|Until|Now)|errors\.(New|Is|As|Unwrap)|"
                         r"len|cap|string|int|int64|float64|min|max)$")


_READ_METHODS = frozenset({"Name", "String", "Len", "Size", "Error", "Err", "Sub", "Seconds",
                           "Milliseconds", "Microseconds", "Nanoseconds", "Round",
                           "Truncate", "Format", "Unix", "UnixNano", "UnixMilli"})


def only_reports(ctx: FileContext, call: Node, literals: list[Node], depth: int = 0) -> bool:
    """What runs when the deferred call runs only prints: `defer fmt.Println("done", name)`
    (its arguments ran at the defer statement), `defer func() { log.Printf("took %v",
    time.Since(start)) }()`, `defer report(name)` with a package function that only prints.
    It releases nothing; when it runs is all it does."""
    callee = call.child_by_field_name("function")
    if callee is not None and callee.type == "function_literal":
        literals = [callee, *literals]
    if literals:
        calls = [n for literal in literals for n in descendants(literal)
                 if n.type == "call_expression"]
    else:
        calls = [call]
    printed = False
    for node in calls:
        function = node.child_by_field_name("function")
        if function is None:
            return False
        if function.type == "function_literal":
            continue
        name = ctx.text(function)
        method = ctx.text(function.child_by_field_name("field")) \
            if function.type == "selector_expression" else ""
        if _PRINT_FUNCS.match(name) or method in _PRINT_METHODS:
            printed = True
        elif _PURE_FUNCS.match(name) or method in _READ_METHODS:
            continue
        elif node is call and depth < 2 and _package_function_only_prints(ctx, function, depth):
            printed = True
        else:
            return False
    return printed


def _package_function_only_prints(ctx: FileContext, function: Node, depth: int) -> bool:
    """`report(x)` or `j.Report()` with every function or method of that name in the package
    only printing."""
    if function.type == "identifier":
        kind, name_node = "function_declaration", function
    elif function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        if operand is not None and operand.type == "identifier" \
                and ctx.text(operand) in ctx.package.file_names.imports:
            return False  # another package's function
        kind, name_node = "method_declaration", function.child_by_field_name("field")
    else:
        return False
    found = False
    for other, decl in ctx.package.functions(ctx.text(name_node), method=kind == "method_declaration"):
        body = decl.child_by_field_name("body")
        if body is None:
            continue
        if any(n.type in ("assignment", "inc_dec_statement", "send_statement",
                          "go_statement", "defer_statement") for n in descendants(body)):
            return False   # it changes something besides printing
        inner = [n for n in descendants(body) if n.type == "call_expression"]
        if not inner or not all(only_reports(other, n, [], depth + 1) or _pure_call(other, n)
                                for n in inner):
            return False
        found = True
    return found


def _pure_call(ctx: FileContext, call: Node) -> bool:
    function = call.child_by_field_name("function")
    if function is None:
        return False
    method = ctx.text(function.child_by_field_name("field")) \
        if function.type == "selector_expression" else ""
    return bool(_PURE_FUNCS.match(ctx.text(function))) or method in _READ_METHODS


def may_panic(ctx: FileContext, call: Node, literals: list[Node]) -> str:
    """Where the deferred call may panic or end the program: a panic(), os.Exit or log.Fatal
    in the deferred literal, or in the body of the package's function or method it calls."""
    callee = call.child_by_field_name("function")
    if callee is not None and callee.type == "function_literal":
        literals = [callee, *literals]
    for literal in literals:
        for node in function_level(literal):
            if node.type != "call_expression":
                continue
            name = callee_text(ctx.src, node)
            if name in NO_RETURN_CALLS:
                return f"{name} at line {line(node)}"
            found = _package_function_panics(ctx, node.child_by_field_name("function"))
            if found:
                return found
    return _package_function_panics(ctx, callee)


def _package_function_panics(ctx: FileContext, callee: Node | None) -> str:
    if callee is None or callee.type not in ("identifier", "selector_expression"):
        return ""
    is_method = callee.type == "selector_expression"
    name_node = callee.child_by_field_name("field") if is_method else callee
    if name_node is None:
        return ""
    if is_method and ctx.text(callee.child_by_field_name("operand")) in ctx.package.file_names.imports:
        return ""  # a function of another package
    name = ctx.text(name_node)
    kind = "method_declaration" if is_method else "function_declaration"
    for other, decl in ctx.package.functions(name, method=kind == "method_declaration"):
        body = decl.child_by_field_name("body")
        for node in function_level(body) if body is not None else ():
            if node.type == "call_expression" and callee_text(other.src, node) in NO_RETURN_CALLS:
                return f"{name} calls {callee_text(other.src, node)}"
    return ""


def may_recover(ctx: FileContext, callee: Node | None) -> str:
    """Why the deferred function may call recover(), or ""."""
    if callee is None:
        return ""
    if callee.type == "function_literal":
        return "the literal calls it" if calls_recover(ctx.src, callee) else ""
    name_node = callee.child_by_field_name("field") if callee.type == "selector_expression" \
        else callee
    if name_node is None or name_node.type not in ("identifier", "field_identifier"):
        return ""
    name = ctx.text(name_node)
    if re.search(r"recover|panic", name, re.IGNORECASE):
        return f"judging by the name {name}"
    is_method = callee.type == "selector_expression"
    if is_method and ctx.text(callee.child_by_field_name("operand")) in ctx.package.file_names.imports:
        return ""  # a function of another package
    kind = "method_declaration" if is_method else "function_declaration"
    for other, decl in ctx.package.functions(name, method=kind == "method_declaration"):
        if calls_recover(other.src, decl):
            return f"{name} calls it"
    return ""


def local_func_recovers(ctx: FileContext, sc, callee: Node | None) -> str:
    """`fn := func() { … recover() … }; defer fn()`: a local func value assigned a literal
    that calls recover()."""
    if callee is None or callee.type != "identifier" or sc is None:
        return ""
    variable = sc.resolve(callee)
    if variable is None:
        return ""
    for value in assigned_values(variable):
        if value.type == "function_literal" and calls_recover(ctx.src, value):
            return f"{variable.name} is a func literal that calls it"
    return ""

_ZERO_TEXTS = frozenset({"nil", "0", '""', "``", "false"})


# --- what a call returns with its error ------------------------------------------------------

@dataclass(frozen=True)
class OnError:
    """What a call returns as one of its results (`index`) when its error is not nil.

    `nil`: nil or a zero literal at every return whose error may be non-nil (by the callee's
    body, or by the standard library's convention). `live`: a value that is certainly not nil
    at every such return (a func literal, a function of the package, `&T{…}`). Neither: it
    may be either, or the analysis cannot tell; `where` is the first return that may hand
    back something else (file path, line), or `reason` says why it cannot tell."""
    nil: bool
    live: bool = False
    where: tuple[str, int] | None = None
    reason: str = ""
    callee: str = ""         # the callee as the call writes it (`open`, `c.Get`)
    std: bool = False        # nil by the standard library's convention


def on_error(ctx: FileContext, call: Node, index: int, depth: int = 3) -> OnError:
    """What `call` (a call expression of ctx's file) returns as its result `index` when its
    error is not nil, with go/types' word on the callee where it has one.

    The callee comes from go/types: a function or method of the standard library (go list's
    Standard flag) returns nil with its error (Go's convention, which the library documents
    where it differs); one of this package or another package of this module is read (every
    return with a possibly non-nil error); one of another module, an interface method or a
    function value is not known. Without types the syntax settles only a package function
    called by its name, `pkg.F` of a standard-library import (by `is_standard_library`), and
    a func literal called in place; anything else is not known, and the reason says that
    types were not available."""
    function = call.child_by_field_name("function")
    name = ctx.text(function) if function is not None else ""
    answer = ctx.types.call(call)
    if isinstance(answer, Call):
        found = _typed_on_error(ctx, call, answer, index, depth)
    else:
        found = _syntax_on_error(ctx, call, index, depth, untyped(answer))
    return replace(found, callee=name)


def _typed_on_error(ctx: FileContext, call: Node, answer: Call, index: int, depth: int
                    ) -> OnError:
    function = unparen(call.child_by_field_name("function"))
    kind = answer.callee_kind
    if kind == "func_literal":
        body = function.child_by_field_name("body")
        return _returns([(ctx, body)], index, depth, ctx) if body is not None \
            else OnError(False, reason="the func literal has no body")
    if kind not in ("func", "method", "method_expr"):
        return OnError(False, reason=f"{ctx.text(function)} is a function value: what it "
                                     f"returns with its error is not known")
    name = answer.callee
    if answer.receiver is not None and answer.receiver.interface:
        return OnError(False, reason=f"{name} is an interface method: what an "
                                     f"implementation returns with its error is not known")
    origin = answer.callee_origin
    if origin == "std":
        return OnError(True, std=True)
    if origin == "package":
        bodies = ctx.types.bodies_of(answer)
    elif origin == "module":
        bodies = _module_bodies(ctx, answer)
    else:
        where = f" ({answer.callee_pkg})" if answer.callee_pkg else ""
        return OnError(False, reason=f"{name} is a function of another module{where}: "
                                     f"what it returns with its error is its own convention, "
                                     f"which the analysis does not check")
    if not bodies:
        return OnError(False, reason=f"the body of {name} is not in its package's Go files")
    return _returns(bodies, index, depth, ctx)


def _module_bodies(ctx: FileContext, answer: Call) -> list[tuple[FileContext, Node]]:
    """The body of a function or method of another package of this module, found by the
    position go/types gives for its declaration (a file of that package's directory)."""
    from .package import Directory
    decl = answer.callee_decl
    if decl is None or decl.line is None or not os.path.isabs(decl.file) \
            or not decl.file.endswith(".go"):
        return []
    directory = Directory(os.path.dirname(decl.file))
    source = directory.file(decl.file)
    if source is None:
        return []
    other = directory.context(source, ctx.go_version)
    name = answer.callee.rsplit(".", 1)[-1].encode()
    kind = "function_declaration" if answer.callee_kind == "func" else "method_declaration"
    for node in other.root.named_children:
        decl_name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if node.type == kind and decl_name is not None and body is not None \
                and decl_name.start_point.row + 1 == decl.line \
                and other.src[decl_name.start_byte:decl_name.end_byte] == name:
            return [(other, body)]
    return []


def _syntax_on_error(ctx: FileContext, call: Node, index: int, depth: int, why: str
                     ) -> OnError:
    """`on_error` from the syntax alone (`why`: why go/types did not answer, or "" for a
    file whose types were not asked)."""
    why = f" ({why})" if why else " (types were not asked for this file)"
    function = unparen(call.child_by_field_name("function"))
    sc = ctx.scopes(call)
    if function.type == "function_literal":
        body = function.child_by_field_name("body")
        if body is not None:
            return _returns([(ctx, body)], index, depth, ctx)
    if function.type == "identifier":
        name = ctx.text(function)
        if sc is not None and sc.resolve(function) is not None:
            return OnError(False, reason=f"{name} is a local function value: what it returns "
                                         f"with its error is not known")
        bodies = ctx.package.bodies(name)
        if bodies:
            return _returns(bodies, index, depth, ctx)
        return OnError(False, reason=f"{name} is not a function declared in the package, so "
                                     f"what it returns with its error is not known{why}")
    if function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        if operand.type == "identifier" and (sc is None or sc.resolve(operand) is None) \
                and ctx.text(operand) in ctx.imports \
                and ctx.text(operand) not in ctx.package.declarations:
            path = ctx.imports[ctx.text(operand)]
            if is_standard_library(path):
                return OnError(True, std=True)
            return OnError(False, reason=f"{ctx.text(function)} is a function of {path}, not "
                                         f"of the standard library: what it returns with its "
                                         f"error is its own convention, which the analysis "
                                         f"does not check{why}")
        return OnError(False, reason=f"the callee of {ctx.text(function)} is a method of a "
                                     f"type the syntax cannot tell{why}")
    return OnError(False, reason=f"{ctx.text(function)} is not a function the syntax can "
                                 f"name{why}")


def _returns(bodies: list[tuple[FileContext, Node]], index: int, depth: int,
             asking: FileContext) -> OnError:
    """`OnError` for functions with these bodies: every return whose error may be non-nil.

    A bare return with named results, or `return g()` handing on another call's results
    (asked of g, `depth` calls deep), may return anything. `return v, err` where the function
    sets v and err once, together, from `v, err := g(…)`, returns what g returns with its
    error (asked of g in turn). A call in the asking file is asked of go/types; one in
    another file of the package by the syntax."""
    first_live = None
    nil = live = True
    for other, body in bodies:
        results = body.parent.child_by_field_name("result") if body.parent else None
        named = results is not None and results.type == "parameters" and any(
            p.child_by_field_name("name") is not None for p in results.named_children)
        for node in function_level(body):
            if node.type != "return_statement":
                continue
            values = node.named_children[0].named_children \
                if node.named_children and node.named_children[0].type == "expression_list" \
                else list(node.named_children)
            where = (other.path, node.start_point.row + 1)
            if not values:
                if named:
                    return OnError(False, where=where)
                continue
            if len(values) == 1 and index > 0:
                inner = unparen(values[0])
                if inner.type != "call_expression" or depth <= 0:
                    return OnError(False, where=where)
                handed = _inner_on_error(other, inner, index, depth - 1, asking)
            else:
                if index >= len(values) or text(other.src, values[-1]) == "nil":
                    continue
                handed = _value_on_error(other, body, values[index], values[-1], depth,
                                         asking)
            if handed is None or not (handed.nil or handed.live):
                return OnError(False, where=where)
            nil, live = nil and handed.nil, live and handed.live
            if handed.live and first_live is None:
                first_live = where
            if not (nil or live):
                return OnError(False, where=where)
    if nil:
        return OnError(True)
    return OnError(False, live=True, where=first_live)


def _value_on_error(other: FileContext, body: Node, value: Node, error: Node, depth: int,
                    asking: FileContext) -> OnError | None:
    """What one returned value is when the return's error may be non-nil: nil (a zero
    literal), live (certainly not nil), or what the call that set it hands on; None when
    not known."""
    value = unparen(value)
    src = other.src
    if text(src, value) in _ZERO_TEXTS or value.type == "composite_literal" and not (
            (body_node := value.child_by_field_name("body")) is not None
            and body_node.named_child_count):
        return OnError(True)
    if value.type == "function_literal" or value.type == "unary_expression" \
            and text(src, value).startswith("&") and value.named_children \
            and unparen(value.named_children[-1]).type == "composite_literal":
        return OnError(False, live=True)
    if value.type == "identifier" and other.package.declarations.get(text(src, value)) == "func" \
            and (sc := other.scopes(value)) is not None and sc.resolve(value) is None:
        return OnError(False, live=True)    # a function of the package: never nil
    if value.type == "identifier" and _always_a_literal(other, value):
        return OnError(False, live=True)
    handed = _handed_on(other, body, value, error)
    if handed is None or depth <= 0:
        return None
    return _inner_on_error(other, handed[0], handed[1], depth - 1, asking)


def _always_a_literal(ctx: FileContext, name: Node) -> bool:
    """`release := func() { … }`: a local declared with a func literal, never written but
    with func literals, its address never taken: it is never nil."""
    sc = ctx.scopes(name)
    variable = sc.resolve(name) if sc is not None else None
    if variable is None or variable.address_taken:
        return False
    declared = value_for(variable.node)
    if declared is None or unparen(declared).type != "function_literal":
        return False
    for use in variable.possible_writes:
        value = value_for(use.node)
        if value is None or unparen(value).type != "function_literal":
            return False
    return True


def _inner_on_error(other: FileContext, call: Node, index: int, depth: int,
                    asking: FileContext) -> OnError:
    if other is asking:
        return on_error(other, call, index, depth)
    return _syntax_on_error(other, call, index, depth, "")


def _handed_on(ctx, body: Node, value: Node, error: Node) -> tuple[Node, int] | None:
    """For `return v, err`: (the call g(…), v's position among its results) when the
    function sets v and err once each, in one `v, …, err := g(…)` (or `=`) statement, and
    never takes their address (nor does a func literal in it set them)."""
    if value.type != "identifier" or error.type != "identifier":
        return None
    src = ctx.src
    names = {text(src, value), text(src, error)}
    if len(names) != 2:
        return None
    setting = []
    for node in descendants(body):
        if node.type in ("short_var_declaration", "assignment", "var_spec", "range_clause"):
            left = node.child_by_field_name("left") or node.child_by_field_name("name")
            targets = left.named_children if left is not None and left.type == "expression_list" \
                else [left] if left is not None else []
            if node.type == "var_spec":
                targets = node.children_by_field_name("name")
            if any(text(src, t) in names for t in targets):
                setting.append((node, [text(src, t) for t in targets]))
        elif node.type == "inc_dec_statement" and text(src, node.named_children[0]) in names:
            return None
        elif node.type == "unary_expression" and text(src, node).replace(" ", "") in \
                {"&" + n for n in names}:
            return None
    if len(setting) != 1 or setting[0][0].type not in ("short_var_declaration", "assignment"):
        return None
    statement, targets = setting[0]
    right = statement.child_by_field_name("right").named_children
    if targets[-1] != text(src, error) or text(src, value) not in targets[:-1] \
            or len(right) != 1 or unparen(right[0]).type != "call_expression":
        return None
    return unparen(right[0]), targets.index(text(src, value))
