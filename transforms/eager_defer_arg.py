"""eager-defer-arg: `defer log.Printf("took %v", time.Since(start))` measures nothing.

A deferred call's arguments are evaluated at the defer statement, not when the function
returns, so `time.Since(start)` (or `time.Now().Sub(start)`, `time.Now().UnixNano() - t0`)
anywhere in them yields the time up to the defer, usually about zero. The fix moves the call
into a func literal, `defer func() { log.Printf("took %v", time.Since(start)) }()`, so every
argument is evaluated at exit. That is safe only when evaluating the other arguments later
gives the same values: each is a constant or a local variable that nothing can change after
the defer (no write, no &x, no method call, not in a loop or a backward goto that writes it),
reached without a pointer, that cannot panic and whose meaning does not depend on contents
the variable refers to (`len(m)` of a map), and the callee is known not to call recover()
itself (which stops working once the callee is no longer the deferred function). Otherwise
the fix is unsafe; for a deferred func literal or a shared loop variable it is report-only.
go/types names the functions: `time.Since` and `time.Now` are the time package's (not a
local `time` or a user type's `Sub`), the callee is the standard library's or a method of
this package's type (`y{}.A(…)`), and `len(x)` reads a slice's or a map's length; without
types the names and the written types decide, and what they cannot settle is unsafe.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from codemod.context import FileContext, Rule
from codemod.analysis import universe
from codemod.analysis.gotypes import Call, Expr, Ident
from codemod.analysis.calls import calls_recover
from codemod.analysis.package import Lookup, is_standard_library
from codemod.analysis.syntax import function_level, within
from codemod.analysis.types import untyped
from codemod.model import Applicability, Finding
from codemod.parsing import enclosing_function, enclosing_loops
from codemod.analysis.scopes import Access, Scopes, Variable

RULE = Rule(
    id="eager-defer-arg",
    summary="time.Since/time.Now arithmetic in a deferred call's arguments, evaluated at the "
            "defer statement instead of at exit",
    fixes=("safe", "unsafe", "none"),
    explain="""\
Finds `time.Since(…)`, `time.Until(…)` and `time.Now()` arithmetic (`time.Now().Sub(t)`,
`time.Now().UnixNano() - t0`) anywhere in the arguments of a deferred call. Arguments are
evaluated when the defer statement runs, so the deferred call reports the time up to the
defer (about zero), not the time the function took. `defer track(time.Now(), "name")` is not
a finding: there time.Now() is the start, on purpose.

Before:
    start := time.Now()
    defer log.Printf("query took %v", time.Since(start))

After:
    start := time.Now()
    defer func() { log.Printf("query took %v", time.Since(start)) }()

Safe: every other argument is a constant or a local variable that nothing changes after the
defer, nothing is read through a pointer, and the callee is a standard-library function or a
function or method of this package that does not call recover() (go/types names it, also
for a method of a composite literal, `y{}.A(…)`; time.Since and time.Now are the time
package's, not a local time or another type's method). One thing does change: a logger that
reports its caller's position (log's Lshortfile, slog's AddSource) now names the defer
statement's line instead of the function's closing brace.
Unsafe: some argument may read differently at exit (a variable written later, also before a
goto that jumps back over the defer; a field read through a pointer; a package-level
variable; `len` of a map or channel or `string(…)` of a byte slice, whose contents change
without a write to the variable; another function call, including a method named like
time.Time's on another type) or panic at exit instead of at the defer (an index, a type
assertion, a division, `==` on interfaces), or the callee is outside this package and the
standard library (if it calls recover(), wrapping it stops that).
Report-only: the deferred call is itself a func literal (move the measurement into its body),
or it uses a loop variable shared by every iteration (Go < 1.22), which a func literal would
see only with its last value.
""",
)

_DEFER = "(defer_statement call: (call_expression) @call) @defer"

# Methods of time.Duration and time.Time that only compute from the value.
_PURE_TIME_METHODS = frozenset({
    "Seconds", "Milliseconds", "Microseconds", "Nanoseconds", "Minutes", "Hours", "String",
    "Round", "Truncate", "Abs", "Sub", "Unix", "UnixNano", "UnixMilli", "UnixMicro", "Add",
    "AddDate", "UTC", "Local", "In", "Before", "After", "Equal", "Compare", "IsZero"})
_TYPE_NODES = frozenset({"type_identifier", "qualified_type", "slice_type", "array_type",
                        "map_type", "pointer_type", "channel_type", "generic_type",
                        "field_identifier", "package_identifier"})
_LITERALS = frozenset({"interpreted_string_literal", "raw_string_literal", "int_literal",
                       "float_literal", "imaginary_literal", "rune_literal"})


def find(ctx: FileContext) -> list[Finding]:
    if b"time" not in ctx.src:
        return []
    time_names = {name for name, path in _imports(ctx).items() if path == "time"}
    if not time_names:
        return []
    findings = []
    for match in ctx.matches(_DEFER):
        call, defer_stmt = match["call"][0], match["defer"][0]
        args = call.child_by_field_name("arguments")
        if args is None or not _may_measure(ctx.src[args.start_byte:args.end_byte]):
            continue  # cheap byte filter before the scope analysis
        sc = ctx.scopes(defer_stmt)
        if sc is None:
            continue
        _ask_ahead(ctx, sc, call)
        elapsed = _elapsed_expression(ctx, sc, args, time_names)
        if elapsed is not None:
            findings.append(_finding(ctx, sc, defer_stmt, call, elapsed))
    return findings


def _ask_ahead(ctx: FileContext, sc: Scopes, call: Node) -> None:
    """Ask go/types, before any verdict, everything the verdict on this deferred call may
    read (one round of asking): each call's callee, each receiver's and each argument's
    type, and each local variable's type."""
    stack = [call]
    while stack:
        node = stack.pop()
        if node.type == "function_literal" and node != call.child_by_field_name("function"):
            continue
        if node.type == "call_expression":
            ctx.types.call(node)
            receiver = _receiver_of(node)
            if receiver is not None:
                ctx.types.expr(receiver)
            args = node.child_by_field_name("arguments")
            for arg in args.named_children if args is not None else ():
                if arg.type != "comment":
                    ctx.types.expr(arg)
        elif node.type == "identifier":
            variable = sc.resolve(node)
            if variable is not None:
                ctx.types.ident(variable.node)
        stack.extend(node.named_children)


def _typed_time_function(ctx: FileContext, call: Node) -> str | None:
    """go/types' word on `call`: the name of the time package's function it calls ("Now",
    "Since", …), "" for any other callee, None when types did not say."""
    answer = ctx.types.call(call)
    if not isinstance(answer, Call):
        return None
    if answer.callee_kind == "func" and answer.callee_pkg == "time":
        return answer.callee.split(".", 1)[-1]
    return ""


_TIME_TYPES = ("time.Time", "time.Duration")


def _typed_time_value(answer) -> bool | None:
    """Whether go/types says the expression or variable is a time.Time or time.Duration
    (None: types did not say)."""
    if isinstance(answer, (Expr, Ident)) and answer.type is not None:
        return answer.type.named in _TIME_TYPES
    return None


def _may_measure(args: bytes) -> bool:
    return b".Since(" in args or b".Until(" in args or b".Now()" in args


def _imports(ctx: FileContext) -> dict[str, str]:
    return ctx.imports


# --- what counts as a measurement ------------------------------------------------------------

def _elapsed_expression(ctx: FileContext, sc: Scopes, args: Node, time_names: set[str]
                        ) -> Node | None:
    """The first time.Since/Until call, `.Sub` or `-` with time.Now() in the arguments (not
    inside func literals, whose bodies run later anyway)."""
    stack = list(reversed(args.named_children))
    while stack:
        node = stack.pop()
        if node.type == "function_literal":
            continue
        if node.type == "call_expression" and _time_call(ctx, sc, node, time_names) in \
                ("Since", "Until"):
            return node
        if node.type == "call_expression" and _method_name(ctx, node) == "Sub" \
                and _contains_now(ctx, sc, node, time_names) \
                and _is_time_expr(ctx, sc, _receiver_of(node), time_names):
            return node
        if node.type == "binary_expression" and _operator(ctx, node) == "-" \
                and _contains_now(ctx, sc, node, time_names):
            return node
        stack.extend(reversed(node.named_children))
    return None


def _time_call(ctx: FileContext, sc: Scopes, call: Node, time_names: set[str]) -> str:
    """"Now", "Since", … when `call` is time.<F>(…) of the imported time package (go/types'
    callee; without types, the import name, unless a local shadows it)."""
    typed = _typed_time_function(ctx, call)
    if typed is not None:
        return typed
    function = call.child_by_field_name("function")
    if function is None or function.type != "selector_expression":
        return ""
    operand = function.child_by_field_name("operand")
    if operand is None or operand.type != "identifier" or ctx.text(operand) not in time_names \
            or sc.resolve(operand) is not None:
        return ""
    return ctx.text(function.child_by_field_name("field"))


def _contains_now(ctx: FileContext, sc: Scopes, node: Node, time_names: set[str]) -> bool:
    if node.type == "function_literal":
        return False
    if node.type == "call_expression" and _time_call(ctx, sc, node, time_names) == "Now":
        return True
    return any(_contains_now(ctx, sc, child, time_names) for child in node.named_children)


def _receiver_of(call: Node) -> Node | None:
    function = call.child_by_field_name("function")
    if function is None or function.type != "selector_expression":
        return None
    return function.child_by_field_name("operand")


def _is_time_expr(ctx: FileContext, sc: Scopes, node: Node | None, time_names: set[str]
                  ) -> bool:
    """`node` is certainly a time.Time or time.Duration value: a call of the time package
    (time.Now(), time.Since(…), time.Duration(…)), a pure method called on such a value, or
    a local holding one. A user type's `Sub` or `Add` may have side effects."""
    while node is not None and node.type == "parenthesized_expression" \
            and node.named_child_count == 1:
        node = node.named_children[0]
    if node is None:
        return False
    typed = _typed_time_value(ctx.types.expr(node))
    if typed is not None:
        return typed
    if node.type == "identifier":
        variable = sc.resolve(node)
        return variable is not None and _is_time_variable(ctx, sc, variable, time_names)
    if node.type != "call_expression":
        return False
    if _time_call(ctx, sc, node, time_names) in ("Now", "Since", "Until", "Unix", "UnixMilli",
                                                 "UnixMicro", "Date", "Duration"):
        return True
    return _method_name(ctx, node) in _PURE_TIME_METHODS \
        and _is_time_expr(ctx, sc, _receiver_of(node), time_names)


def _is_time_variable(ctx: FileContext, sc: Scopes, variable: Variable,
                      time_names: set[str]) -> bool:
    typed = _typed_time_value(ctx.types.ident(variable.node))
    if typed is not None:
        return typed
    if variable.type is not None:
        return variable.type.text in {f"{n}.{t}" for n in time_names
                                      for t in ("Time", "Duration")}
    if variable.how != ":=" or variable.decl.type != "short_var_declaration":
        return False
    left = variable.decl.child_by_field_name("left").named_children
    right = variable.decl.child_by_field_name("right").named_children
    if len(left) != len(right) or variable.node not in left:
        return False
    value = right[left.index(variable.node)]
    return value.type == "call_expression" and \
        _time_call(ctx, sc, value, time_names) in ("Now", "Unix", "UnixMilli", "UnixMicro",
                                                   "Date")


def _method_name(ctx: FileContext, call: Node) -> str:
    function = call.child_by_field_name("function")
    if function is None or function.type != "selector_expression":
        return ""
    return ctx.text(function.child_by_field_name("field"))


def _operator(ctx: FileContext, node: Node) -> str:
    operator = node.child_by_field_name("operator")
    return ctx.text(operator) if operator is not None else ""


# --- the finding and its fix ----------------------------------------------------------------

def _finding(ctx: FileContext, sc: Scopes, defer_stmt: Node, call: Node,
             elapsed: Node) -> Finding:
    message = (f"{_short(ctx.text(elapsed))} is evaluated at the defer statement, not when "
               f"the function returns, so it measures (almost) nothing")
    return ctx.finding(RULE.id, defer_stmt, message, _fix(ctx, sc, defer_stmt, call, elapsed))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _fix(ctx: FileContext, sc: Scopes, defer_stmt: Node, call: Node, elapsed: Node):
    callee = call.child_by_field_name("function")
    if callee is not None and callee.type in ("function_literal", "parenthesized_expression"):
        return ctx.fix(Applicability.NONE, "report only",
                       reason="the deferred call is a func literal: move the measurement "
                              "into its body")
    shared = _shared_loop_variable(ctx, sc, defer_stmt, call)
    if shared is not None:
        return ctx.fix(Applicability.NONE, "report only",
                       reason=f"{shared.name} is one variable shared by every iteration of "
                              f"the loop (Go < 1.22): a func literal would see its last value")
    edits = [ctx.replace(call, _wrapped(ctx, call))]
    description = "evaluate the call at exit: defer func() { … }()"
    reason = _why_unsafe(ctx, sc, defer_stmt, call, elapsed)
    if reason:
        typed = ctx.types.call(call)
        if not isinstance(typed, Call):
            reason = f"{reason} ({untyped(typed)})"
        return ctx.fix(Applicability.UNSAFE, description, edits, reason=reason)
    return ctx.fix(Applicability.SAFE, description, edits,
                   reason="every other argument is a constant or a local that nothing "
                          "changes after the defer, and the callee does not call recover()")


def _shared_loop_variable(ctx: FileContext, sc: Scopes, defer_stmt: Node, call: Node
                          ) -> Variable | None:
    """A variable of the call declared by the header of a loop around the defer, in a file
    whose loop variables are shared across iterations."""
    if ctx.loopvar_per_iteration:
        return None
    loops = enclosing_loops(defer_stmt)
    stack = [call]
    while stack:
        node = stack.pop()
        if node.type == "function_literal":
            continue
        if node.type == "identifier":
            variable = sc.resolve(node)
            if variable is not None and variable.loop in loops:
                return variable
        stack.extend(node.named_children)
    return None


def _wrapped(ctx: FileContext, call: Node) -> str:
    text = ctx.text(call)
    if "\n" not in text:
        return f"func() {{ {text} }}()"
    newline = ctx.newline
    indent = ctx.indent_at(call.start_byte)
    lines = text.split("\n")
    body = [lines[0]] + ["\t" + line if line.strip() else line for line in lines[1:]]
    return (f"func() {{{newline}{indent}\t" + "\n".join(body).rstrip("\r")
            + f"{newline}{indent}}}()")


@dataclass
class _Check:
    ctx: FileContext
    sc: Scopes
    defer_stmt: Node
    elapsed: Node

    def value(self, node: Node) -> str:
        """Why `node` may evaluate differently at exit than at the defer (or panic at a
        different moment), or "" when it evaluates the same. Unknown forms are not safe."""
        kind = node.type
        if kind in _LITERALS or kind in _TYPE_NODES or kind == "comment":
            return ""
        if kind == "identifier":
            return self.identifier(node)
        if kind == "selector_expression":
            return self.selector(node)
        if kind == "call_expression":
            return self.call(node)
        if kind == "literal_value":
            return self.elements(node, is_map=False)
        if kind in ("parenthesized_expression", "expression_list", "literal_element"):
            return self._first(node.named_children)
        if kind == "unary_expression":
            if self.ctx.text(node.children[0]) in ("*", "<-", "&"):
                return f"{self.text(node)} reads through a pointer, receives or takes an " \
                       f"address: it may differ at exit"
            return self._first(node.named_children)
        if kind == "binary_expression":
            return self.binary(node)
        if kind == "composite_literal":
            return self.composite(node)
        if kind == "index_expression":
            return self.index(node)
        return f"{self.text(node)} would be evaluated at exit instead of at the defer"

    def binary(self, node: Node) -> str:
        operator = node.child_by_field_name("operator")
        right = node.child_by_field_name("right")
        if operator is not None and self.ctx.text(operator) in ("/", "%", "<<", ">>") \
                and (right is None or right.type not in _LITERALS):
            return f"{self.text(node)} may panic (division by zero, negative shift), now at " \
                   f"exit instead of at the defer"
        if operator is not None and self.ctx.text(operator) in ("==", "!=") \
                and not self.compares_safely(node.child_by_field_name("left"), right):
            return f"{self.text(node)} may panic (interfaces holding uncomparable values), " \
                   f"now at exit instead of at the defer"
        return self._first(node.named_children)

    def compares_safely(self, left: Node | None, right: Node | None) -> bool:
        """== cannot panic: a side is a literal or nil/true/false, or both have a basic,
        string, pointer or channel type."""
        sides = [n for n in (left, right) if n is not None]
        if any(n.type in _LITERALS or self.ctx.text(n) in universe.VALUES and n.type ==
               "identifier" and self.sc.resolve(n) is None for n in sides):
            return True
        return len(sides) == 2 and all(
            self.kind(n) in ("basic", "string", "pointer", "chan") for n in sides)

    def kind(self, node: Node) -> str:
        answer = self.ctx.types.expr(node)
        if isinstance(answer, (Expr, Ident)) and answer.type is not None:
            return answer.type.kind
        return self.sc.types.value_kind(node)

    def index(self, node: Node) -> str:
        """`arr[2]` of a local array value: the compiler checks a constant index against the
        length, so it cannot panic, and it reads the array's own storage."""
        operand = node.child_by_field_name("operand")
        index = node.child_by_field_name("index")
        variable = self.sc.resolve(operand) if operand is not None \
            and operand.type == "identifier" else None
        if variable is None or index is None or index.type != "int_literal" \
                or self.sc.types.kind(variable.type) != "array":
            return f"{self.text(node)} would be evaluated at exit instead of at the defer"
        return self.changes_after(variable)

    def composite(self, node: Node) -> str:
        literal_type = node.child_by_field_name("type")
        value = node.child_by_field_name("value")
        is_map = literal_type is not None and literal_type.type == "map_type"
        return self.elements(value, is_map) if value is not None else ""

    def elements(self, value: Node, is_map: bool) -> str:
        """The elements of a literal_value; a bare name as a key of a struct is a field."""
        for element in value.named_children:
            parts = element.named_children if element.type == "keyed_element" else [element]
            if element.type == "keyed_element" and not is_map and parts:
                key = parts[0].named_children[0] if parts[0].type == "literal_element" \
                    and parts[0].named_children else parts[0]
                if key.type == "identifier" and self.sc.resolve(key) is None:
                    parts = parts[1:]  # a field name
            reason = self._first(parts)
            if reason:
                return reason
        return ""

    def _first(self, nodes) -> str:
        for child in nodes:
            reason = self.value(child)
            if reason:
                return reason
        return ""

    def text(self, node: Node) -> str:
        return _short(self.ctx.text(node))

    def identifier(self, ident: Node) -> str:
        name = self.ctx.text(ident)
        variable = self.sc.resolve(ident)
        if variable is None:
            return self.package_level(name)
        return self.changes_after(variable)

    def package_level(self, name: str) -> str:
        if name in universe.VALUES or name in universe.VALUE_FUNCTIONS or name in universe.CONVERSION_TYPES:
            return ""
        kind = self.declarations().get(name)
        if kind in ("const", "func", "type"):
            return ""
        if kind == "var":
            return f"{name} is a package-level variable: other code may change it"
        return f"{name} is not declared in this package's files that deferfix read"

    def declarations(self) -> Lookup:
        ctx = self.ctx
        return ctx.package.declarations

    def changes_after(self, variable: Variable) -> str:
        end = self.defer_stmt.end_byte
        if any(u.access & Access.ADDR and self.sc.types.changes_value(u) for u in variable.uses):
            return f"&{variable.name} is taken, so {variable.name} may change through it"
        writes = self.possible_writes(variable)
        later = [u for u in writes if u.start >= end]
        if later:
            return f"{variable.name} may change after the defer (line {later[0].line})"
        elsewhere = [u for u in writes if u.function != variable.function]
        if elsewhere:
            return f"{variable.name} is written by a func literal (line {elsewhere[0].line})"
        for loop in enclosing_loops(self.defer_stmt):
            if variable.declared_within(loop.child_by_field_name("body")) or (
                    variable.loop == loop and self.ctx.loopvar_per_iteration):
                continue
            written = [u for u in writes if loop.start_byte <= u.start < loop.end_byte]
            if written:
                return (f"{variable.name} is written in the loop around the defer "
                        f"(line {written[0].line})")
        for start, stop in _backward_gotos(self.ctx, self.defer_stmt):
            if start <= variable.start < stop:
                continue  # declared again on each pass
            written = [u for u in writes if start <= u.start < stop]
            if written:
                return (f"{variable.name} is written (line {written[0].line}) before a goto "
                        f"jumps back over the defer, which then runs again")
        return ""

    def possible_writes(self, variable: Variable) -> list:
        """Uses that may change the variable's own value (not memory it points to); a method
        call on a time.Time value only does for the few pointer-receiver methods (the
        Unmarshal family)."""
        writes = [u for u in variable.possible_writes if self.sc.types.changes_value(u)]
        if not self.is_time_value(variable):
            return writes
        return [u for u in writes if u.access & (Access.WRITE | Access.ADDR)
                or _called_method(self.ctx, u.node) in _TIME_POINTER_METHODS]

    def is_time_value(self, variable: Variable) -> bool:
        return _is_time_variable(self.ctx, self.sc, variable, self.time_names())

    def time_names(self) -> set[str]:
        return {n for n, p in _imports(self.ctx).items() if p == "time"}

    def selector(self, node: Node) -> str:
        operand = node.child_by_field_name("operand")
        if operand is not None and operand.type == "identifier":
            name = self.ctx.text(operand)
            variable = self.sc.resolve(operand)
            if variable is None and name in _imports(self.ctx):
                if _known_constant(_imports(self.ctx)[name],
                                   self.ctx.text(node.child_by_field_name("field"))):
                    return ""
                return f"{self.text(node)} is read at exit: another package may change it"
            if variable is not None and self._held_by_value(variable):
                return self.changes_after(variable)
        return f"{self.text(node)} is read through a pointer (or a type deferfix cannot " \
               f"see) at exit"

    def _held_by_value(self, variable: Variable) -> bool:
        return self.sc.types.kind(variable.type) in ("struct", "array")

    def call(self, node: Node) -> str:
        function = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        arg_nodes = args.named_children if args is not None else []
        if within(self.elapsed, node) or within(node, self.elapsed):
            if node == self.elapsed or self._is_time_call(node) or (
                    _method_name(self.ctx, node) in _PURE_TIME_METHODS and _is_time_expr(
                        self.ctx, self.sc, _receiver_of(node), self.time_names())):
                return self._receiver(function) or self._first(arg_nodes)
        if function is not None and function.type in ("identifier", "type_identifier") \
                and self.ctx.text(function) in universe.VALUE_FUNCTIONS | universe.CONVERSION_TYPES \
                and self.sc.resolve(function) is None and self.predeclared(node, function):
            return self.reads_contents(self.ctx.text(function), arg_nodes) \
                or self._first(arg_nodes)
        if function is not None and self.ctx.text(function) == "time.Duration":
            return self._first(arg_nodes)
        return f"{self.text(node)} would be called at exit instead of at the defer"

    def predeclared(self, call: Node, function: Node) -> bool:
        """`len`, `min`, `string` … in `call` are the builtin or the predeclared type (go/types;
        without types: the package declares nothing of that name)."""
        answer = self.ctx.types.call(call)
        if isinstance(answer, Call):
            return answer.callee_kind in ("builtin", "conversion")
        return self.ctx.text(function) not in self.ctx.package.declarations

    def reads_contents(self, builtin: str, args: list[Node]) -> str:
        """len/cap of a map or channel and string(…) of a byte or rune slice read what the
        value refers to, which changes with no write to the variable (`delete(m, k)`, `ch <-
        v`, `copy(buf, …)`, a callee filling it)."""
        if builtin in ("len", "cap"):
            allowed = ("string", "slice", "array")
        elif builtin == "string":
            allowed = ("string", "basic")
        else:
            return ""
        for arg in args:
            if self.kind(arg) not in allowed:
                return f"{builtin}({self.text(arg)}) reads what the value refers to (a map, " \
                       f"channel or slice, or a type deferfix cannot see), which may change " \
                       f"after the defer without a write to it"
        return ""

    def _is_time_call(self, node: Node) -> bool:
        time_names = {n for n, p in _imports(self.ctx).items() if p == "time"}
        return _time_call(self.ctx, self.sc, node, time_names) in ("Now", "Since", "Until")

    def _receiver(self, function: Node | None) -> str:
        """For x.M(…): the value x (a package name is fine)."""
        if function is None or function.type != "selector_expression":
            return ""
        operand = function.child_by_field_name("operand")
        if operand.type == "identifier" and self.sc.resolve(operand) is None \
                and self.ctx.text(operand) in _imports(self.ctx):
            return ""
        return self.value(operand)


# Standard-library constants that arguments commonly use (package path -> names).
_STDLIB_CONSTANTS = {
    "time": frozenset({"Nanosecond", "Microsecond", "Millisecond", "Second", "Minute", "Hour",
                       "Layout", "ANSIC", "UnixDate", "RubyDate", "RFC822", "RFC822Z",
                       "RFC850", "RFC1123", "RFC1123Z", "RFC3339", "RFC3339Nano", "Kitchen",
                       "Stamp", "StampMilli", "StampMicro", "StampNano", "DateTime",
                       "DateOnly", "TimeOnly"}),
}
_TIME_POINTER_METHODS = frozenset({"UnmarshalBinary", "UnmarshalJSON", "UnmarshalText",
                                   "GobDecode"})


def _known_constant(path: str, name: str) -> bool:
    if path == "net/http":
        return name.startswith(("Status", "Method"))
    return name in _STDLIB_CONSTANTS.get(path, ())


def _called_method(ctx: FileContext, ident: Node) -> str:
    selector = ident.parent
    if selector is None or selector.type != "selector_expression":
        return ""
    return ctx.text(selector.child_by_field_name("field"))


def _backward_gotos(ctx: FileContext, defer_stmt: Node) -> list[tuple[int, int]]:
    """(label start, goto end) of each goto that jumps from after the defer back to a label
    before it: the code between runs again, like a loop body."""
    function = enclosing_function(defer_stmt)
    if function is None or b"goto" not in ctx.src[function.start_byte:function.end_byte]:
        return []
    flow = ctx.flow(defer_stmt)
    regions = []
    for node in function_level(function.child_by_field_name("body")):
        if node.type != "goto_statement" or node.start_byte < defer_stmt.end_byte:
            continue
        label = flow.target(node)
        if label is not None and label.start_byte <= defer_stmt.start_byte:
            regions.append((label.start_byte, node.end_byte))
    return regions


def _why_unsafe(ctx: FileContext, sc: Scopes, defer_stmt: Node, call: Node,
                elapsed: Node) -> str:
    check = _Check(ctx, sc, defer_stmt, elapsed)
    callee = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    return _callee_may_recover(ctx, sc, callee) or check._receiver(callee) \
        or check._first(args.named_children)


def _callee_may_recover(ctx: FileContext, sc: Scopes, callee: Node) -> str:
    """Why the callee might call recover() itself, or "" when we know it does not."""
    typed = _typed_callee_may_recover(ctx, callee)
    if typed is not None:
        return typed
    if callee.type == "identifier":
        name = ctx.text(callee)
        variable = sc.resolve(callee)
        if variable is not None:
            return f"{name} is a func value: if it calls recover(), wrapping it stops that"
        bodies = ctx.package.bodies(name)
        if not bodies:
            return "" if name in universe.VALUE_FUNCTIONS | {"print", "println", "close", "panic"} \
                else f"{name} is not declared in this package's files that deferfix read"
        if any(calls_recover(other.src, body) for other, body in bodies):
            return f"{name} calls recover(), which stops working once it is not deferred " \
                   f"directly"
        return ""
    if callee.type != "selector_expression":
        return "the callee is not a plain function or method name"
    operand = callee.child_by_field_name("operand")
    method = ctx.text(callee.child_by_field_name("field"))
    if operand.type == "identifier" and sc.resolve(operand) is None:
        path = _imports(ctx).get(ctx.text(operand))
        if path is not None:
            if is_standard_library(path):
                return ""
            return (f"{ctx.text(callee)} is outside this package and the standard library: "
                    f"if it calls recover(), wrapping it stops that")
    return _method_may_recover(ctx, sc, operand, method)


def _typed_callee_may_recover(ctx: FileContext, callee: Node) -> str | None:
    """What go/types says of the deferred call's callee: "" when it is a builtin, a function
    or method of the standard library, or one of this package whose bodies do not call
    recover(); why it may call recover() otherwise; None when types did not answer."""
    call = callee.parent
    answer = ctx.types.call(call) if call is not None and call.type == "call_expression" \
        else None
    if not isinstance(answer, Call):
        return None
    name = ctx.text(callee)
    if answer.callee_kind in ("builtin", "conversion"):
        return ""
    if answer.callee_kind in ("func_value", "func_literal") or (
            answer.receiver is not None and answer.receiver.interface):
        return f"{name} is a func value or an interface method: if what it calls calls " \
               f"recover(), wrapping it stops that"
    in_package = answer.callee_decl is not None and answer.callee_decl.offset is not None
    if answer.callee_pkg and is_standard_library(answer.callee_pkg) and not in_package:
        return ""   # declared in the checked package: its own, whatever its path looks like
    if not in_package:
        return (f"{name} is {answer.callee or 'a function'}, outside this package and the "
                f"standard library: if it calls recover(), wrapping it stops that")
    # This package's function or method: its bodies are in the package's files.
    bodies = ctx.types.bodies_of(answer)
    if not bodies:
        return f"the body of {answer.callee} is not in the package's files that deferfix read"
    if any(calls_recover(other.src, body) for other, body in bodies):
        return f"{answer.callee} calls recover(), which stops working once it is not " \
               f"deferred directly"
    return ""


def _method_may_recover(ctx: FileContext, sc: Scopes, operand: Node, method: str) -> str:
    variable = sc.resolve(operand) if operand.type == "identifier" else None
    type_text = variable.type.text.lstrip("*") if variable is not None and variable.type \
        else ""
    qualifier = type_text.split(".", 1)[0] if "." in type_text else ""
    if qualifier:
        path = _imports(ctx).get(qualifier)
        if path is not None and is_standard_library(path):
            return ""
    bodies = ctx.package.bodies(method, method=True)
    if type_text and not qualifier and bodies:
        if any(calls_recover(other.src, body) for other, body in bodies):
            return f"a method {method} of this package calls recover(), which stops " \
                   f"working once it is not deferred directly"
        return ""
    return (f"the method {method} belongs to a type deferfix cannot see: if it calls "
            f"recover(), wrapping it stops that")
