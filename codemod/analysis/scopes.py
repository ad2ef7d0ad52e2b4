"""Scope analysis of one Go function: declarations, uses, writes, address-taking, captures.

One walk over the outermost function (declaration, method, or a package-level func literal)
resolves every identifier to the local declaration it names, with Go's shadowing rules:
parameters, receivers and named results share the body's scope; `:=` redeclares (writes) names
already declared in the *same* scope and declares the rest; `if`/`for`/`switch`/type switch/
`select` headers open a scope around the statement, and each case clause opens one (a type
switch's `v := x.(type)` declares a fresh `v` per clause); the range expression and a `:=`
right-hand side are resolved before the new names exist. Labels, selector field names (`x.f`)
and struct composite-literal keys are not variable uses. Anything that is not a local
(package-level names, builtins, imported packages) resolves to None. Types are not decided
here: the walk asks the function's `SyntaxTypes` (codemod.analysis.types, `sc.types`) for the
type of each declared variable, and every type question goes there.

API (all offsets are byte offsets into the file):

    sc = ctx.scopes(node)           # Scopes of the outermost function holding `node`, once
                                    # per function
    sc.resolve(ident) -> Variable | None   # the local declaration an identifier refers to
    sc.use_at(ident) -> Use | None          # that identifier's Use (access kind, function)
    sc.lookup(name, offset) -> Variable | None  # what `name` would mean at `offset`
    sc.variables                    # every local declaration, in source order
    sc.free_variables(literal) -> dict[Variable, list[Use]]  # captured by a func literal
    sc.names_in(node) -> set[str]   # identifier/type/package names used under node
    sc.types                        # the function's SyntaxTypes: sc.types.of(expr) is the
                                    # written type, sc.types.changes_value(use), kind, ...

    v = sc.resolve(ident)
    v.name, v.node (declaring identifier), v.kind ("var" "param" "result" "receiver" "const"
        "type" "typeparam"), v.how (":=" "var" "range" "for" "typeswitch" "recv" "param" ...),
    v.decl (declaring statement/spec), v.scope (node whose region is its scope),
    v.function (function node declaring it), v.loop (for_statement when declared by the
        loop's header, else None), v.type (TypeExpr or None), v.uses (list[Use], source order)
    v.reads / v.writes (whole-variable: = op= ++ -- := redeclaration, range =, select recv =)
    v.partial_writes (x.f = …, x[i]++ …), v.addresses (&x, &x.f, &x[i]), v.calls (x.M(…))
    v.possible_writes (all of the above: any way the value may change), v.address_taken
    v.uses_after(offset), v.used_after(offset), v.written_after(offset, within=None)
    v.uses_within(node), v.declared_within(node), v.capturing_literals (func literals other
    than the declaring function that use it), v.captured_uses(literal)

    Use: node (identifier), access (Access flags READ WRITE ADDR CALL KEY), partial (through a
    selector or index: `x.f = 1` is WRITE partial, `x.f.M()` CALL partial), how (for writes:
    "=", "op=", "++", "--", ":=", "range=", "recv="), function (innermost function holding
    it), variable. KEY marks a composite-literal key that may be a struct field name rather
    than this variable (literal type not visible); treat it as a use, but not as a certain read.

    A method call `x.M()` is recorded as CALL: a *possible* write (pointer receiver). A
    selector stored or passed on (`f := x.M`, `g(x.f.M)`, not an argument of fmt, log or a
    reading builtin) that may be a method value on x's own storage (not a field of a visible
    struct, not through a pointer) is READ|ADDR partial with how "method value": it holds &x.
    Slicing an array of x's own storage (`x[:]`, `x.arr[1:]`) is READ|ADDR partial with how
    "slice". `*p = v` reads p (it writes the pointee, not p).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from tree_sitter import Node

from ..parsing import FUNCTION_KINDS
from . import universe
from .syntax import TYPE_KINDS, selector_path, token, unparen
from .types import SyntaxTypes, TypeExpr, range_types


class Access(enum.IntFlag):
    READ = 1
    WRITE = 2
    ADDR = 4
    CALL = 8   # x.M(...): possibly writes x through a pointer receiver
    KEY = 16   # a composite-literal key that may be a field name


@dataclass(eq=False)
class Use:
    node: Node
    access: Access
    function: Node
    variable: "Variable"
    partial: bool = False
    how: str = ""

    @property
    def start(self) -> int:
        return self.node.start_byte

    @property
    def line(self) -> int:
        return self.node.start_point.row + 1

    @property
    def is_write(self) -> bool:
        return bool(self.access & Access.WRITE)

    @property
    def may_change(self) -> bool:
        """Any way this use may change the variable's value (or part of it)."""
        return bool(self.access & (Access.WRITE | Access.ADDR | Access.CALL))


@dataclass(eq=False)
class Variable:
    name: str
    node: Node
    kind: str
    how: str
    decl: Node
    scope: Node
    function: Node
    visible_from: int
    loop: Node | None = None
    type: TypeExpr | None = None
    uses: list[Use] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<{self.kind} {self.name} @{self.node.start_point.row + 1}:" \
               f"{self.node.start_point.column + 1}>"

    @property
    def start(self) -> int:
        return self.node.start_byte

    @property
    def reads(self) -> list[Use]:
        return [u for u in self.uses if u.access & Access.READ and not u.access & Access.KEY]

    @property
    def writes(self) -> list[Use]:
        """Writes of the whole variable (= op= ++ -- := redeclaration, range =, recv =)."""
        return [u for u in self.uses if u.access & Access.WRITE and not u.partial]

    @property
    def partial_writes(self) -> list[Use]:
        return [u for u in self.uses if u.access & Access.WRITE and u.partial]

    @property
    def addresses(self) -> list[Use]:
        return [u for u in self.uses if u.access & Access.ADDR]

    @property
    def calls(self) -> list[Use]:
        return [u for u in self.uses if u.access & Access.CALL]

    @property
    def possible_writes(self) -> list[Use]:
        return [u for u in self.uses if u.may_change]

    @property
    def address_taken(self) -> bool:
        return any(u.access & Access.ADDR for u in self.uses)

    def uses_after(self, offset: int) -> list[Use]:
        return [u for u in self.uses if u.start >= offset]

    def used_after(self, offset: int) -> bool:
        return any(u.start >= offset for u in self.uses)

    def written_after(self, offset: int, within: Node | None = None,
                      possible: bool = True) -> list[Use]:
        """Writes at or after `offset` (inside `within` when given). With `possible`, also
        partial writes, &x and method calls."""
        chosen = self.possible_writes if possible else self.writes
        return [u for u in chosen if u.start >= offset
                and (within is None or within.start_byte <= u.start < within.end_byte)]

    def uses_within(self, node: Node) -> list[Use]:
        return [u for u in self.uses if node.start_byte <= u.start < node.end_byte]

    def declared_within(self, node: Node) -> bool:
        return node.start_byte <= self.node.start_byte < node.end_byte

    @property
    def capturing_literals(self) -> list[Node]:
        """Func literals (inside the declaring function) whose bodies use this variable."""
        seen: dict[tuple[int, int], Node] = {}
        for use in self.uses:
            fn = use.function
            while fn is not None and fn != self.function:
                if fn.type == "function_literal":
                    seen.setdefault((fn.start_byte, fn.end_byte), fn)
                fn = _enclosing_function(fn)
        return sorted(seen.values(), key=lambda n: n.start_byte)

    def captured_uses(self, literal: Node) -> list[Use]:
        if self.declared_within(literal):
            return []
        return self.uses_within(literal)


@dataclass
class _Scope:
    node: Node
    parent: "_Scope | None"
    names: dict[str, Variable] = field(default_factory=dict)
    # Every declaration made in this scope, for position-based lookup afterwards.
    decls: list[Variable] = field(default_factory=list)


_SKIP_STATEMENTS = frozenset({
    "break_statement", "continue_statement", "goto_statement", "fallthrough_statement",
    "empty_statement", "comment", "import_declaration", "package_clause",
})
# A step of the walk: a generator that yields the steps nested in it (a statement's blocks,
# a func literal's body) instead of calling them; None is a step with nothing to walk. `_drive`
# runs them from a stack of its own, so that nesting costs no Python or C stack: Go accepts
# thousands of nested blocks (go/parser stops at 100,000 levels), and a recursive walk ended
# in a RecursionError at a few hundred.
_Walk = Iterator["_Walk | None"]
_DONE = object()


def _drive(walk: _Walk) -> None:
    """Run `walk` and every step it yields, depth first in source order: the order of a
    recursive walk."""
    stack: list[_Walk] = []
    current = walk
    while True:
        nested = next(current, _DONE)
        if nested is _DONE:
            if not stack:
                return
            current = stack.pop()
        elif nested is not None:
            stack.append(current)
            current = nested


def _enclosing_function(node: Node) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type not in FUNCTION_KINDS:
        parent = parent.parent
    return parent


def outermost_function(node: Node, root: Node | None = None) -> Node | None:
    """The outermost function declaration, method or func literal holding `node` (or itself).

    With the tree's `root`, found from the top down: the first function on the way to `node`.
    Walking up through `parent` costs tree-sitter a descent from the root per step, which is
    quadratic in the depth (seconds for a closure under thousands of nested blocks)."""
    if root is not None:
        current: Node | None = root
        while current is not None and current != node and current.type not in FUNCTION_KINDS:
            current = current.child_with_descendant(node)
        return current if current is not None and current.type in FUNCTION_KINDS else None
    found = node if node.type in FUNCTION_KINDS else None
    parent = node.parent
    while parent is not None:
        if parent.type in FUNCTION_KINDS:
            found = parent
        parent = parent.parent
    return found


_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def declares_no_local(src: bytes, function: Node, ident: Node) -> bool:
    """Whether no declaration in the outermost function `function` can be named by the
    identifier `ident` (then `Scopes(function).resolve(ident)` is None), from the bytes alone:
    every other occurrence of its name as a word in the function's text is directly followed
    by one `.` (`os.Exit`), which a declared name never is (`x :=`, `var x`, `x T`, `x ...T`,
    `x, y`). Every local of a function, its parameters, results and receiver included, is
    declared in the function's text; a word in a comment or a string counts as an
    occurrence, which can only send the question to the scope analysis. False means nothing."""
    name = src[ident.start_byte:ident.end_byte]
    if not name:
        return False
    start, end = function.start_byte, function.end_byte
    at = src.find(name, start, end)
    while at >= 0:
        after = at + len(name)
        if at != ident.start_byte and (at == 0 or src[at - 1] not in _WORD_BYTES
                                       and src[at - 1] < 0x80) \
                and (after >= len(src) or src[after] not in _WORD_BYTES and src[after] < 0x80) \
                and not (src[after:after + 1] == b"." and src[after + 1:after + 2] != b"."):
            return False   # a word that is not a selector's operand: it may be declared
        at = src.find(name, at + 1, end)
    return True


class Scopes:
    """The scope analysis of one outermost function (see the module docstring)."""

    def __init__(self, function: Node, src: bytes, file_types: dict[str, Node] | None = None,
                 file_vars: dict[str, TypeExpr] | None = None):
        self.function = function
        self.src = src
        self.variables: list[Variable] = []
        self.uses: list[Use] = []
        self._by_ident: dict[int, Use] = {}
        self._decl_at: dict[int, Variable] = {}
        self._scopes: list[_Scope] = []
        self._stack: list[_Scope] = []
        # Name -> its declarations in the open scopes, innermost last: `visible` costs the
        # same under thousands of nested blocks as under one.
        self._visible: dict[str, list[Variable]] = {}
        self._functions: list[Node] = []
        self._results: dict[int, list[Variable]] = {}  # function start -> named results
        # The written types of the function's expressions (codemod.analysis.types), asked
        # while walking for the types of the variables declared.
        self.types = SyntaxTypes(self, src, file_types, file_vars)
        _drive(self._function(function))
        self.variables.sort(key=lambda v: v.start)

    # --- queries --------------------------------------------------------------------------
    def resolve(self, ident: Node) -> Variable | None:
        """The local declaration `ident` refers to (or declares), None for non-locals."""
        use = self._by_ident.get(ident.start_byte)
        if use is not None:
            return use.variable
        return self._decl_at.get(ident.start_byte)

    def use_at(self, ident: Node) -> Use | None:
        return self._by_ident.get(ident.start_byte)

    def lookup(self, name: str, offset: int) -> Variable | None:
        """The local declaration `name` denotes at `offset` (None: not a local there)."""
        best: _Scope | None = None
        for scope in self._scopes:
            if scope.node.start_byte <= offset < scope.node.end_byte or (
                    scope.node.start_byte <= offset <= scope.node.end_byte
                    and scope.node.type in FUNCTION_KINDS):
                if best is None or scope.node.start_byte >= best.node.start_byte:
                    best = scope
        while best is not None:
            found = None
            for decl in best.decls:
                if decl.name == name and decl.visible_from <= offset:
                    found = decl
            if found is not None:
                return found
            best = best.parent
        return None

    def free_variables(self, literal: Node) -> dict[Variable, list[Use]]:
        """Locals declared outside `literal` and used inside it, with those uses."""
        found: dict[Variable, list[Use]] = {}
        for use in self.uses:
            if literal.start_byte <= use.start < literal.end_byte \
                    and not use.variable.declared_within(literal):
                found.setdefault(use.variable, []).append(use)
        return found

    def names_in(self, node: Node) -> set[str]:
        """Every identifier, type name and package name written under `node`."""
        names: set[str] = set()
        cursor = node.walk()
        reached_root = False
        while not reached_root:
            kind = cursor.node.type
            if kind in ("identifier", "type_identifier", "package_identifier"):
                names.add(self._text(cursor.node))
            if cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent() or cursor.node == node:
                    reached_root = True
                    break
        return names

    def uses_between(self, start: int, end: int) -> list[Use]:
        return [u for u in self.uses if start <= u.start < end]

    # --- walking: functions and statements --------------------------------------------------
    def _text(self, node: Node) -> str:
        return self.src[node.start_byte:node.end_byte].decode("utf-8", "surrogateescape")

    def _push(self, node: Node) -> _Scope:
        scope = _Scope(node, self._stack[-1] if self._stack else None)
        self._stack.append(scope)
        self._scopes.append(scope)
        return scope

    def _pop(self) -> None:
        for name in self._stack.pop().names:
            visible = self._visible[name]
            visible.pop()
            if not visible:
                del self._visible[name]

    def _bind(self, scope: _Scope, name: str, var: Variable) -> None:
        """`name` denotes `var` from now on in `scope`, the innermost open scope."""
        if name in scope.names:
            self._visible[name][-1] = var
        else:
            self._visible.setdefault(name, []).append(var)
        scope.names[name] = var

    def _declare(self, ident: Node, kind: str, how: str, decl: Node, visible_from: int,
                 type_: TypeExpr | None = None, loop: Node | None = None) -> Variable | None:
        name = self._text(ident)
        if name == "_" or ident.type == "blank_identifier":
            return None
        scope = self._stack[-1]
        var = Variable(name=name, node=ident, kind=kind, how=how, decl=decl, scope=scope.node,
                       function=self._functions[-1], visible_from=visible_from, loop=loop,
                       type=type_)
        self._bind(scope, name, var)
        scope.decls.append(var)
        self.variables.append(var)
        self._decl_at[ident.start_byte] = var
        return var

    @property
    def walking(self) -> bool:
        """True while the function is being walked: `visible` answers then."""
        return bool(self._stack)

    def visible(self, name: str) -> Variable | None:
        """While walking: the declaration `name` denotes at the current point."""
        declared = self._visible.get(name)
        return declared[-1] if declared else None

    def _record(self, ident: Node, access: Access, partial: bool = False,
                how: str = "") -> Use | None:
        name = self._text(ident)
        if name == "_":
            return None
        var = self.visible(name)
        if var is None:
            return None
        use = Use(ident, access, self._functions[-1], var, partial, how)
        var.uses.append(use)
        self.uses.append(use)
        self._by_ident[ident.start_byte] = use
        return use

    def _function(self, fn: Node) -> _Walk:
        self._functions.append(fn)
        self._push(fn)
        start = fn.start_byte
        for field_name, kind in (("type_parameters", "typeparam"), ("receiver", "receiver"),
                                 ("parameters", "param"), ("result", "result")):
            params = fn.child_by_field_name(field_name)
            if params is not None and params.type in ("parameters", "type_parameters"):
                self._parameters(params, kind, start)
        body = fn.child_by_field_name("body")
        if body is not None:
            yield self._statements(body.named_children)  # the body shares the parameters' scope
        self._pop()
        self._functions.pop()

    def _parameters(self, params: Node, kind: str, visible_from: int) -> None:
        for decl in params.named_children:
            if decl.type not in ("parameter_declaration", "type_parameter_declaration"):
                continue
            type_node = decl.child_by_field_name("type")
            type_ = TypeExpr(self._text(type_node), type_node) if type_node is not None else None
            if type_ is not None and any(c.type == "..." for c in decl.children):
                type_ = TypeExpr("[]" + type_.text, None, elem=type_)
            for ident in decl.children_by_field_name("name"):
                if kind == "typeparam":
                    self._declare(ident, "typeparam", "typeparam", decl, visible_from)
                    continue
                var = self._declare(ident, kind, kind, decl, visible_from, type_)
                if var is not None and kind == "result":
                    self._results.setdefault(var.function.start_byte, []).append(var)

    def _statements(self, statements: Iterable[Node]) -> _Walk:
        for statement in statements:
            yield self._statement(statement)

    def _statement(self, node: Node) -> _Walk | None:
        """The step that walks a statement (None: nothing to walk)."""
        kind = node.type
        handler = getattr(self, "_s_" + kind, None)
        if handler is not None:
            return handler(node)   # None from a handler that walks nothing nested
        if kind in _SKIP_STATEMENTS:
            return None
        if kind.endswith("_statement") or kind in ("ERROR", "block"):
            return self._statements(node.named_children)
        return self._expr(node)

    def _s_block(self, node: Node) -> _Walk:
        self._push(node)
        yield self._statements(node.named_children)
        self._pop()

    def _s_expression_statement(self, node: Node) -> _Walk:
        for child in node.named_children:
            yield self._expr(child)

    def _s_return_statement(self, node: Node) -> _Walk:
        """`return x, y` also writes every named result of the function it leaves."""
        yield self._s_expression_statement(node)
        if not node.named_child_count:
            return
        function = self._functions[-1]
        for result in self._results.get(function.start_byte, ()):
            use = Use(node, Access.WRITE, function, result, how="return")
            result.uses.append(use)
            self.uses.append(use)

    _s_go_statement = _s_expression_statement
    _s_defer_statement = _s_expression_statement
    _s_send_statement = _s_expression_statement

    def _s_labeled_statement(self, node: Node) -> _Walk:
        statement = node.child_by_field_name("statement")
        if statement is not None:
            yield self._statement(statement)

    def _s_short_var_declaration(self, node: Node, how: str = ":=",
                                 loop: Node | None = None) -> _Walk:
        right = node.child_by_field_name("right")
        left = node.child_by_field_name("left")
        values = right.named_children if right is not None else []
        if right is not None:
            yield self._expr(right)
        if left is None:
            return
        yield self._define(left.named_children, values, node, how, node.end_byte, loop)

    def _define(self, names: list[Node], values: list[Node], decl: Node, how: str,
                visible_from: int, loop: Node | None = None) -> _Walk:
        """`names := values`: redeclare what the current scope has, declare the rest."""
        types = self.types.value_types(len(names), values)
        scope = self._stack[-1]
        for ident, type_ in zip(names, types):
            if ident.type != "identifier":
                yield self._expr(ident)
                continue
            name = self._text(ident)
            if name in scope.names:
                self._record(ident, Access.WRITE, how=":=")
            else:
                self._declare(ident, "var", how, decl, visible_from, type_, loop)

    def _s_assignment(self, node: Node) -> _Walk:
        right = node.child_by_field_name("right")
        left = node.child_by_field_name("left")
        operator = node.child_by_field_name("operator")
        op = self._text(operator) if operator is not None else "="
        if right is not None:
            yield self._expr(right)
        if left is not None:
            how = "=" if op == "=" else "op="
            for target in left.named_children:
                yield self._lvalue(target, how)

    def _s_inc_dec_statement(self, node: Node) -> _Walk:
        operand = node.child_by_field_name("operand")
        if operand is not None:
            yield self._lvalue(operand, "++" if token(node, ("++",)) else "--")

    def _lvalue(self, target: Node, how: str) -> _Walk:
        """Record a write to `target` (x, x.f, x[i], *p, (x))."""
        target = unparen(target)
        read = Access.READ if how != "=" and how not in (":=", "range=", "recv=") else Access(0)
        if target.type == "identifier":
            self._record(target, Access.WRITE | read, how=how)
            return
        root, others = self._root(target)
        for other in others:
            yield self._expr(other)
        if root is not None:
            self._record(root, Access.WRITE | Access.READ, partial=True, how=how)

    def _root(self, expr: Node) -> tuple[Node | None, list[Node]]:
        """The identifier a selector/index path starts from, and the other subexpressions.

        `x.f[i].g` -> (x, [i]); `*p` and calls end the path: (None, [whole]).
        """
        others: list[Node] = []
        node = expr
        while True:
            node = unparen(node)
            if node.type == "identifier":
                return node, others
            if node.type == "selector_expression":
                node = node.child_by_field_name("operand")
            elif node.type == "index_expression":
                index = node.child_by_field_name("index")
                if index is not None:
                    others.append(index)
                node = node.child_by_field_name("operand")
            else:
                others.append(node)
                return None, others
            if node is None:
                return None, others

    def _s_var_declaration(self, node: Node) -> _Walk:
        for spec in node.named_children:
            if spec.type == "var_spec":
                yield self._var_spec(spec)
            elif spec.type == "var_spec_list":
                yield self._s_var_declaration(spec)

    def _var_spec(self, spec: Node) -> _Walk:
        yield self._spec_values(spec)
        for ident, type_ in self._spec(spec, None):
            self._declare(ident, "var", "var", spec, spec.end_byte, type_)

    def _spec_values(self, spec: Node) -> _Walk | None:
        """The step that walks a var/const spec's values (before its names are declared)."""
        value = spec.child_by_field_name("value")
        return self._expr(value) if value is not None else None

    def _spec(self, spec: Node, previous: list[TypeExpr | None] | None
              ) -> list[tuple[Node, TypeExpr | None]]:
        """A var/const spec's names with their written types, once its values are walked. A
        const spec without values repeats the previous spec (`previous`)."""
        value = spec.child_by_field_name("value")
        values = value.named_children if value is not None else []
        names = spec.children_by_field_name("name")
        type_node = spec.child_by_field_name("type")
        if type_node is not None:
            types = [TypeExpr(self._text(type_node), type_node)] * len(names)
        elif values or previous is None:
            types = self.types.value_types(len(names), values)
        else:
            types = previous
        return list(zip(names, list(types) + [None] * len(names)))

    def _s_const_declaration(self, node: Node) -> _Walk:
        previous: list[TypeExpr | None] = []
        for spec in node.named_children:
            if spec.type != "const_spec":
                continue
            yield self._spec_values(spec)
            declared = self._spec(spec, previous)
            previous = [type_ for _, type_ in declared]
            for ident, type_ in declared:
                self._declare(ident, "const", "const", spec, spec.end_byte, type_)

    def _s_type_declaration(self, node: Node) -> None:
        for spec in node.named_children:
            if spec.type not in ("type_spec", "type_definition", "alias_declaration",
                                 "type_alias"):
                continue
            name = spec.child_by_field_name("name")
            if name is not None:
                self._declare(name, "type", "type", spec, name.start_byte)

    def _s_if_statement(self, node: Node) -> _Walk:
        self._push(node)
        for field_name in ("init_statement", "condition", "body", "else"):
            child = node.child_by_field_name(field_name)
            if child is not None:
                yield self._statement(child) if field_name != "condition" else self._expr(child)
        self._pop()

    def _s_for_statement(self, node: Node) -> _Walk:
        self._push(node)
        body = node.child_by_field_name("body")
        for child in node.named_children:
            if child == body:
                continue
            if child.type == "for_clause":
                yield self._for_clause(node, child)
            elif child.type == "range_clause":
                yield self._range_clause(node, child, body)
            elif child.type != "comment":
                yield self._expr(child)  # a bare condition
        if body is not None:
            yield self._s_block(body)
        self._pop()

    def _for_clause(self, loop: Node, clause: Node) -> _Walk:
        init = clause.child_by_field_name("init_statement")
        if init is not None:
            if init.type == "short_var_declaration":
                yield self._s_short_var_declaration(init, how="for", loop=loop)
            else:
                yield self._statement(init)
        condition = clause.child_by_field_name("condition")
        if condition is not None:
            yield self._expr(condition)
        post = clause.child_by_field_name("post_statement")
        if post is not None:
            yield self._statement(post)

    def _range_clause(self, loop: Node, clause: Node, body: Node | None) -> _Walk:
        right = clause.child_by_field_name("right")
        visible = body.start_byte if body is not None else clause.end_byte
        return self._receive_or_range(
            clause, right, "range", visible, loop,
            lambda _: list(range_types(self.types.underlying(self.types.of(right)))))

    def _receive_or_range(self, node: Node, right: Node | None, how: str, visible: int,
                          loop: Node | None, types_of: Callable[[int], list]) -> _Walk:
        """`left := right` declares (types from `types_of(count)`), `left = right` writes."""
        if right is not None:
            yield self._expr(right)
        left = node.child_by_field_name("left")
        if left is None:
            return
        names = left.named_children
        if not token(node, (":=",)):
            for target in names:
                yield self._lvalue(target, how + "=")
            return
        types = types_of(len(names)) if right is not None else []
        for ident, type_ in zip(names, list(types) + [None] * len(names)):
            if ident.type == "identifier":
                self._declare(ident, "var", how, node, visible, type_, loop)

    def _switch_header(self, node: Node, subject: str) -> _Walk:
        """Open the switch's scope, walk its init statement and subject expression."""
        self._push(node)
        init = node.child_by_field_name("init_statement")
        if init is not None:
            yield self._statement(init)
        value = node.child_by_field_name(subject)
        if value is not None:
            yield self._expr(value)

    def _s_expression_switch_statement(self, node: Node) -> _Walk:
        yield self._switch_header(node, "value")
        for clause in node.named_children:
            if clause.type in ("expression_case_clause", "default_case"):
                self._push(clause)
                values = clause.child_by_field_name("value")
                for child in clause.named_children:
                    if values is not None and child == values:
                        yield self._expr(child)
                    else:
                        yield self._statement(child)
                self._pop()
        self._pop()

    def _s_type_switch_statement(self, node: Node) -> _Walk:
        operand = node.child_by_field_name("operand")
        yield self._switch_header(node, "operand")
        alias = node.child_by_field_name("name")
        for clause in node.named_children:
            if clause.type not in ("type_case_clause", "default_case"):
                continue
            self._push(clause)
            types = clause.children_by_field_name("type")
            if alias is not None:
                type_ = None
                if len(types) == 1 and self._text(types[0]) != "nil":
                    type_ = TypeExpr(self._text(types[0]), types[0])
                elif operand is not None:
                    type_ = self.types.of(operand)
                # One variable per clause, declared at the switch's `name`.
                self._declare_clause_alias(alias, clause, type_)
            for child in clause.named_children:
                if child not in types:
                    yield self._statement(child)
            self._pop()
        self._pop()

    def _declare_clause_alias(self, alias: Node, clause: Node,
                              type_: TypeExpr | None) -> Variable | None:
        name = self._text(alias)
        if name == "_":
            return None
        scope = self._stack[-1]
        var = Variable(name=name, node=alias, kind="var", how="typeswitch", decl=clause,
                       scope=clause, function=self._functions[-1],
                       visible_from=clause.start_byte, type=type_)
        self._bind(scope, name, var)
        scope.decls.append(var)
        self.variables.append(var)
        self._decl_at.setdefault(alias.start_byte, var)
        return var

    def _s_select_statement(self, node: Node) -> _Walk:
        for clause in node.named_children:
            if clause.type not in ("communication_clause", "default_case"):
                continue
            self._push(clause)
            communication = clause.child_by_field_name("communication")
            for child in clause.named_children:
                if child == communication:
                    yield self._communication(child)
                else:
                    yield self._statement(child)
            self._pop()

    def _communication(self, node: Node) -> _Walk | None:
        if node.type != "receive_statement":
            return self._statement(node)
        right = node.child_by_field_name("right")
        return self._receive_or_range(node, right, "recv", node.end_byte, None,
                                      lambda count: self.types.value_types(count, [right]))

    # --- walking: expressions ---------------------------------------------------------------
    def _expr(self, root: Node) -> _Walk:
        """Record the uses in an expression (iteratively: expressions can be deep)."""
        stack = [root]
        while stack:
            node = stack.pop()
            kind = node.type
            if kind == "identifier":
                self._record(node, Access.READ)
            elif kind in TYPE_KINDS:
                continue
            elif kind == "function_literal":
                yield self._function(node)
            elif kind == "selector_expression":
                self._selector(node, stack)
            elif kind == "slice_expression":
                self._slice(node, stack)
            elif kind == "call_expression":
                self._call(node, stack)
            elif kind == "unary_expression" and token(node, ("&",)):
                self._address(node, stack)
            elif kind == "composite_literal":
                self._composite(node.child_by_field_name("type"),
                                node.child_by_field_name("value"), stack)
            elif kind == "type_assertion_expression":
                operand = node.child_by_field_name("operand")
                if operand is not None:
                    stack.append(operand)
            elif kind.endswith("_statement") or kind in ("block", "short_var_declaration",
                                                           "assignment", "var_declaration"):
                yield self._statement(node)
            else:
                stack.extend(reversed(node.named_children))

    def _selector(self, node: Node, stack: list[Node]) -> None:
        root, others = self._root(node)
        stack.extend(reversed(others))
        if root is None:
            return
        if self._in_value_position(node) and self._binds_method(root, node):
            # `f := x.M`: a method value with a pointer receiver holds &x.
            self._record(root, Access.READ | Access.ADDR, partial=True, how="method value")
        else:
            self._record(root, Access.READ, partial=True)

    def _binds_method(self, root: Node, selector: Node) -> bool:
        var = self.visible(self._text(root))
        field_node = selector.child_by_field_name("field")
        if var is None or field_node is None:
            return False
        _, steps = selector_path(self.src, selector.child_by_field_name("operand"))
        return self.types.may_bind_method(var, steps, self._text(field_node))

    def _in_value_position(self, node: Node) -> bool:
        """Whether `node` is a value that may be stored or passed on (where a method value
        would keep its receiver): a right-hand side, return value, argument (not of fmt, log
        or a builtin that only reads it), composite element, sent or ranged-over value."""
        child, parent = node, node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            child, parent = parent, parent.parent
        if parent is None:
            return False
        if parent.type in ("expression_list", "literal_value", "literal_element",
                           "keyed_element"):
            return True
        if parent.type == "send_statement":
            return parent.child_by_field_name("value") == child
        if parent.type == "range_clause":
            return parent.child_by_field_name("right") == child
        if parent.type == "arguments" and parent.parent is not None:
            return not self._only_reads_arguments(parent.parent)
        return False

    def _read_only_argument(self, node: Node) -> bool:
        """`node` is an argument of fmt, log or a builtin that only reads it."""
        parent = node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            parent = parent.parent
        return parent is not None and parent.type == "arguments" and parent.parent is not None \
            and self._only_reads_arguments(parent.parent)

    def _only_reads_arguments(self, call: Node) -> bool:
        function = call.child_by_field_name("function")
        function = unparen(function) if function is not None else None
        if function is None:
            return False
        if function.type == "identifier":
            name = self._text(function)
            return name in universe.READING_FUNCTIONS and self.visible(name) is None
        if function.type == "selector_expression":
            operand = function.child_by_field_name("operand")
            return operand is not None and operand.type == "identifier" \
                and self._text(operand) in ("fmt", "log") \
                and self.visible(self._text(operand)) is None
        return False

    def _slice(self, node: Node, stack: list[Node]) -> None:
        """`x[a:b]` of an array in x's own storage shares it: like `&x`."""
        for field_name in ("low", "high", "max"):
            bound = node.child_by_field_name(field_name)
            if bound is not None:
                stack.append(bound)
        operand = node.child_by_field_name("operand")
        if operand is None:
            return
        root, steps = selector_path(self.src, operand)
        var = self.visible(self._text(root)) if root is not None else None
        if var is None:
            stack.append(operand)
            return
        own, type_ = self.types.follow(var, steps)
        if not own or (type_ is not None and self.types.kind(type_) not in ("array", "")) \
                or self._read_only_argument(node):
            stack.append(operand)
            return
        _, others = self._root(operand)
        stack.extend(reversed(others))
        self._record(root, Access.READ | Access.ADDR, partial=True, how="slice")

    def _call(self, node: Node, stack: list[Node]) -> None:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if arguments is not None:
            stack.extend(reversed(arguments.named_children))
        if function is None:
            return
        target = unparen(function)
        if target.type == "selector_expression":
            operand = unparen(target.child_by_field_name("operand"))
            root, others = self._root(operand)
            stack.extend(reversed(others))
            if root is not None:
                self._record(root, Access.READ | Access.CALL, partial=root != operand)
            return
        stack.append(function)

    def _address(self, node: Node, stack: list[Node]) -> None:
        operand = node.child_by_field_name("operand")
        if operand is None:
            return
        inner = unparen(operand)
        if inner.type == "composite_literal":
            stack.append(inner)
            return
        root, others = self._root(inner)
        stack.extend(reversed(others))
        if root is not None:
            self._record(root, Access.READ | Access.ADDR, partial=root != inner)

    def _composite(self, type_node: Node | None, value: Node | None, stack: list[Node]) -> None:
        """A composite literal: keys are field names for structs, expressions otherwise."""
        if value is None:
            return
        keyed = self.types.literal_kind(type_node)
        elem_type, key_type = self.types.literal_parts(type_node)
        for element in value.named_children:
            if element.type == "keyed_element":
                key = element.child_by_field_name("key")
                item = element.child_by_field_name("element") \
                    or element.child_by_field_name("value")
                if key is not None:
                    self._key(key, keyed, key_type, stack)
                if item is not None:
                    self._element(item, elem_type, stack)
            elif element.type != "comment":
                self._element(element, elem_type, stack)

    def _element(self, item: Node, elem_type: Node | None, stack: list[Node]) -> None:
        if item.type == "literal_value":  # elided type: the element type of the outer literal
            inner_type = elem_type
            if inner_type is not None and inner_type.type == "pointer_type" \
                    and inner_type.named_child_count:
                inner_type = inner_type.named_children[0]
            self._composite(inner_type, item, stack)
        else:
            stack.append(item)

    def _key(self, key: Node, keyed: str, key_type: Node | None, stack: list[Node]) -> None:
        if key.type == "literal_value":
            self._element(key, key_type, stack)
            return
        if keyed == "struct":
            if key.type != "identifier":
                stack.append(key)
            return
        if keyed == "unknown" and key.type == "identifier":
            self._record(key, Access.READ | Access.KEY)
            return
        stack.append(key)
