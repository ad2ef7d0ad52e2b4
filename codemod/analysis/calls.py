"""What a call does besides returning: recover(), and calls that never return.

Go's recover stops a panic only when the deferred function calls it directly: a recover() in
a func literal nested in that function (called or deferred there) returns nil and stops
nothing. `calls_recover` answers with those semantics for every rule.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from .origin import assigned_values
from .package import is_standard_library
from .syntax import callee_text, descendants, function_level, line, text

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


def live_with_error(package, name: str, method: bool, index: int, depth: int = 3
                    ) -> tuple[str, int] | None:
    """Where a function of the package called `name` (a method of any type, with `method`)
    may return something other than nil or a zero literal as its result `index` together with
    an error that is not nil: (file path, line) of the first such return, or None when every
    return with a possibly non-nil error has nil (or a zero literal) there.

    By name, without types: a method of another type with the same name counts, which can
    only make a verdict more careful. A bare return with named results, or `return g()`
    handing on another call's results, may return anything. `return v, err` where the
    function sets v and err once, together, from `v, err := g(…)`, returns what g returns with
    its error: nil for another package's function (Go's convention), else asked of g in turn
    (`depth` calls deep)."""
    return _live_with_error(package, name, method, index, depth)


def _live_with_error(package, name: str, method: bool, index: int, depth: int
                     ) -> tuple[str, int] | None:
    for other, body in package.bodies(name, method):
        src = other.src
        results = body.parent.child_by_field_name("result") if body.parent else None
        named = results is not None and results.type == "parameter_list" and any(
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
                    return where
                continue
            if len(values) == 1 and index > 0:
                return where  # return g(…): g's results, whatever they are
            if index >= len(values) or text(src, values[-1]) == "nil":
                continue
            value = values[index]
            if text(src, value) in _ZERO_TEXTS or value.type == "composite_literal" and not (
                    (body_node := value.child_by_field_name("body")) is not None
                    and body_node.named_child_count):
                continue
            handed = _handed_on(other, body, value, values[-1])
            if handed is not None and depth > 0:
                callee, position = handed
                if callee[0] == "import":
                    if is_standard_library(callee[1]):
                        continue  # documented: nil with a non-nil error, or it says so
                    return where  # another module's convention, unchecked (as at the top)
                inner = _live_with_error(package, callee[0], callee[1], position, depth - 1)
                if inner is None:
                    continue
            return where
    return None


def _handed_on(ctx, body: Node, value: Node, error: Node):
    """For `return v, err`: ((name, method) of g, v's position) when the function sets v and
    err once each, in one `v, …, err := g(…)` (or `=`) statement, and never takes their
    address (nor does a func literal in it set them); callee ("import", its path) for `pkg.F`
    of an import."""
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
            or len(right) != 1 or right[0].type != "call_expression":
        return None
    function = right[0].child_by_field_name("function")
    position = targets.index(text(src, value))
    if function.type == "identifier":
        return (text(src, function), False), position
    if function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        if operand.type == "identifier" and text(src, operand) in ctx.imports \
                and text(src, operand) not in _local_names(src, body):
            return ("import", ctx.imports[text(src, operand)]), position
        return (text(src, function.child_by_field_name("field")), True), position
    return None


def _local_names(src: bytes, body: Node) -> set[str]:
    """Every name the function body declares or assigns (a parameter shadowing an import
    counts through the caller's check of the declaration's parameters)."""
    found = set()
    decl = body.parent
    params = decl.child_by_field_name("parameters") if decl is not None else None
    for node in ([params] if params is not None else []) + [body]:
        for child in descendants(node):
            if child.type == "identifier" and child.parent is not None and child.parent.type in (
                    "parameter_declaration", "short_var_declaration", "var_spec",
                    "expression_list", "range_clause", "const_spec"):
                found.add(text(src, child))
    return found
