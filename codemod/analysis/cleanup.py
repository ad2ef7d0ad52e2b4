"""Cleanup: is a value that needs a call before its function returns released on every path?

A context's cancel func, a transaction, rows, a response body: the function that makes one
must call its release (`cancel()`, `tx.Rollback()`, `rows.Close()`, `resp.Body.Close()`) on
every path, unless the value leaves the function (then its new owner does). `cleanup(ctx,
after, variable, releases)` answers three questions for `variable`, live once `after` (the
statement that binds it, or its error check) has run:

- `unreleased`: the exits (a `return`, falling off the end of the function, the next
  iteration of a loop that runs `after` again and so loses the value) that some path from
  just after `after` reaches without a release. Empty: released on every path. A panic,
  `os.Exit` or `log.Fatal` ends a path without needing the release (vet's lostcancel: the
  defect is a path to a return). Loops, switches, selects and labelled break/continue are
  followed from the syntax, with controlflow's branch targets; a function with a `goto` is
  not followed (`problem` says so, and nothing is reported unreleased).
- `leaves`: how the value may outlive the function (returned, stored in a field, a package
  variable, a result or an outer variable of a closure, sent, appended, handed to a goroutine
  or to a function that may keep it), from codemod.analysis.escape; "" when it cannot.
- `deferred`: a `defer` that releases it (`defer cancel()`, `defer tx.Rollback()`, or a
  deferred func literal that does, also one deferred before `after` that reads the variable
  at exit), which covers every exit after it.

What counts as a release is the rule's: `releases(use)` is asked of each use of the variable
(a `Use` of codemod.analysis.scopes) inside a statement on the path; `called()`,
`method_called(names, path)` and `any_use` build the usual ones. A statement releases when one
of its uses does, wherever in it (in its condition, in a func literal it calls): a release
that is only conditional there (`ok && tx.Commit() == nil`) is taken as one, which can only
hide a finding, never make one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from tree_sitter import Node

from ..parsing import FUNCTION_KINDS
from .calls import is_no_return_call
from .controlflow import has_condition
from .escape import Region, escape_in
from .syntax import CLAUSES, function_level, level_nodes, line, statements, within

if TYPE_CHECKING:
    from ..context import FileContext
    from .scopes import Use, Variable

# Where a path that did not release goes, as seen from a statement.
_FALL = ("fall",)
_FALLTHROUGH = ("fallthrough",)
_GOTO = ("goto",)
_DEFER = frozenset({"defer_statement"})
_MAX_DEPTH = 200   # nested statements followed; deeper is `problem`


@dataclass(frozen=True)
class Exit:
    """Where a path ends without the release: kind "return" (node: the return statement),
    "end" (falling off the end of the function; node: its body) or "iteration" (the next
    iteration of the loop holding `after`, which runs it again; node: the loop)."""
    kind: str
    node: Node

    def describe(self) -> str:
        if self.kind == "return":
            return f"the return at line {line(self.node)}"
        if self.kind == "iteration":
            return f"the next iteration of the loop at line {line(self.node)}"
        return f"the end of the function (line {self.node.end_point.row + 1})"


@dataclass
class Cleanup:
    unreleased: list[Exit] = field(default_factory=list)
    deferred: Node | None = None
    loop: Node | None = None       # the innermost loop of the function around `after`
    problem: str = ""              # why the paths were not followed ("" when they were)
    # `leaves`, or what computes it: the escape analysis is the costly part, done only for a
    # caller that asks (one that finds the value released on every path need not).
    leaves_of: Callable[[], str] | str = ""

    @property
    def leaves(self) -> str:
        """How the value may outlive the function ("" when it cannot), from escape."""
        if callable(self.leaves_of):
            self.leaves_of = self.leaves_of()
        return self.leaves_of

    @property
    def released(self) -> bool:
        """Released on every path (or deferred)."""
        return not self.unreleased and not self.problem


# --- what counts as a release -----------------------------------------------------------------

def any_use(use: Use) -> bool:
    """vet's lostcancel: any reference to the variable (a call, a hand-off, a capture)."""
    return True


def called() -> Callable[[Use], bool]:
    """The variable itself is called: `cancel()`, `cancel(nil)`."""
    def check(use: Use) -> bool:
        parent = use.node.parent
        return parent is not None and parent.type == "call_expression" \
            and parent.child_by_field_name("function") == use.node
    return check


def method_called(names: frozenset[str] | set[str], path: tuple[str, ...] = ()
                  ) -> Callable[[Use], bool]:
    """A method of `names` is called on the variable, or on the field path `path` of it:
    `tx.Commit()`, `resp.Body.Close()` (path ("Body",))."""
    def check(use: Use) -> bool:
        node = use.node
        for step in (*path, None):
            parent = node.parent
            if parent is None or parent.type != "selector_expression" \
                    or parent.child_by_field_name("operand") != node:
                return False
            name = parent.child_by_field_name("field")
            if name is None:
                return False
            word = name.text.decode("utf-8", "surrogateescape")
            if step is not None and word != step:
                return False
            node = parent
            if step is None:
                call = node.parent
                return word in names and call is not None \
                    and call.type == "call_expression" \
                    and call.child_by_field_name("function") == node
        return False
    return check


# --- the analysis -----------------------------------------------------------------------------

class _TooDeep(Exception):
    pass


class _Paths:
    def __init__(self, ctx: FileContext, function: Node, variable: Variable,
                 releases: Callable[[Use], bool],
                 exhausts: Callable[[Node], str] | None = None) -> None:
        self.ctx = ctx
        self.exhausts = exhausts
        body = function.child_by_field_name("body")
        self.flow = ctx.flow(body if body is not None else function)
        self.function = function
        self.releasing = [u for u in variable.uses if not (u.is_write and not u.partial)
                          and releases(u)]

    def releases_in(self, node: Node, skip: list[Node] = ()) -> bool:
        return any(within(u.node, node) and not any(within(u.node, s) for s in skip)
                   for u in self.releasing)

    def target(self, stmt: Node) -> int | None:
        found = self.flow.target(stmt)
        return found.id if found is not None else None

    # Outcomes of a statement run from a state where the value is not released: the set of
    # ways control leaves it still unreleased (paths that release are dropped).
    def run(self, stmt: Node, depth: int = 0) -> set:
        if depth > _MAX_DEPTH:
            raise _TooDeep
        kind = stmt.type
        if kind in ("comment", "empty_statement"):
            return {_FALL}
        if kind == "block":
            return self.run_list(statements(stmt), depth)
        if kind == "labeled_statement":
            inner = stmt.child_by_field_name("statement")
            return self.run(inner, depth + 1) if inner is not None else {_FALL}
        if kind == "if_statement":
            body, other = stmt.child_by_field_name("body"), stmt.child_by_field_name("else")
            parts = [n for n in (body, other) if n is not None]
            if self.releases_in(stmt, parts):
                return set()
            when = self._exhausted(stmt.child_by_field_name("condition"))
            out = self.run(body, depth + 1) if body is not None and when != "true" \
                else set() if body is not None else {_FALL}
            if when == "false":
                return out          # `if rows.Next() { … }`: no Next, no rows: released
            return out | (self.run(other, depth + 1) if other is not None else {_FALL})
        if kind == "for_statement":
            body = stmt.child_by_field_name("body")
            if self.releases_in(stmt, [body] if body is not None else []):
                return set()
            inner = self.run(body, depth + 1) if body is not None else {_FALL}
            return self._loop_outcomes(stmt, inner, leak_on_iteration=False,
                                       exhausting=self._exhausted(_condition(stmt)) == "false")
        if kind in ("expression_switch_statement", "type_switch_statement",
                    "select_statement"):
            clauses = [c for c in stmt.named_children if c.type in CLAUSES]
            if self.releases_in(stmt, [b for c in clauses for b in statements(c)]):
                return set()
            out: set = set()
            following: set = {_FALL}   # what the next clause does, for a fallthrough
            for clause in reversed(clauses):
                found = self.run_list(statements(clause), depth + 1)
                if _FALLTHROUGH in found:
                    found = (found - {_FALLTHROUGH}) | following
                out |= found
                following = found
            if kind != "select_statement" and not any(_is_default(c) for c in clauses):
                out.add(_FALL)
            return self._broken(stmt, out)
        if kind == "return_statement":
            return set() if self.releases_in(stmt) else {("return", stmt)}
        if kind in ("break_statement", "continue_statement"):
            return {(kind.split("_")[0], self.target(stmt))}
        if kind == "goto_statement":
            return {_GOTO}
        if kind == "fallthrough_statement":
            return {_FALLTHROUGH}
        if self.releases_in(stmt):
            return set()
        if kind == "expression_statement" and is_no_return_call(stmt, self.ctx.src):
            return set()
        return {_FALL}

    def run_list(self, stmts: list[Node], depth: int = 0) -> set:
        out: set = set()
        for stmt in stmts:
            found = self.run(stmt, depth + 1)
            out |= found - {_FALL}
            if _FALL not in found:
                return out
        return out | {_FALL}

    def _broken(self, construct: Node, out: set) -> set:
        mine = ("break", construct.id)
        return (out - {mine}) | {_FALL} if mine in out else out

    def _exhausted(self, condition: Node | None) -> str:
        """Which outcome of a condition leaves nothing to release: "false" for `rows.Next()`
        (no next row: the rows are closed) or `resp != nil`, "true" for `!rows.Next()` or
        `resp == nil`, "" for neither."""
        if condition is None or self.exhausts is None:
            return ""
        while condition.type == "parenthesized_expression" and condition.named_children:
            condition = condition.named_children[0]
        if condition.type == "unary_expression" and condition.children \
                and condition.children[0].type == "!":
            operand = condition.child_by_field_name("operand")
            inner = self._exhausted(operand) if operand is not None else ""
            return {"false": "true", "true": "false"}.get(inner, "")
        return self.exhausts(condition)

    def _loop_outcomes(self, loop: Node, inner: set, leak_on_iteration: bool,
                       exhausting: bool = False) -> set:
        """What leaves `loop`, given what leaves its body (`inner`). Run from before the
        loop (`leak_on_iteration` False), the body may run no times at all; from inside the
        body (True), going round again runs the binding again and loses the value: an exit
        of its own, after which the loop may still end by its condition. `exhausting`: the
        loop's condition going false releases the value (`for rows.Next()`), so only a
        break leaves the loop with it unreleased."""
        again = {("continue", loop.id), _FALL}
        out = {o for o in inner if o not in again and o != ("break", loop.id)}
        goes_round = bool(inner & again)
        if ("break", loop.id) in inner or has_condition(loop) and not exhausting \
                and (goes_round or not leak_on_iteration):
            out.add(_FALL)
        if leak_on_iteration and goes_round:
            out.add(("iteration", loop))
        return out

    def after(self, stmt: Node) -> set:
        """The outcomes of the rest of the function from just after `stmt`, up to its
        exits: ("return", node), ("end", body), ("iteration", loop)."""
        if is_entry(stmt):
            found = self.run_list(statements(stmt))
            exits = {o for o in found if o[0] in ("return", "iteration")}
            return exits | ({("end", stmt)} if _FALL in found else set()) \
                | ({_GOTO} if _GOTO in found else set())
        current: set = {_FALL}
        node = stmt
        while True:
            parent = node.parent
            if parent is None:
                return {o for o in current if o[0] in ("return", "iteration")}
            kind = parent.type
            if kind == "block" or kind in CLAUSES:
                if _FALL in current:
                    siblings = statements(parent)
                    rest = siblings[siblings.index(node) + 1:] if node in siblings else []
                    current = (current - {_FALL}) | self.run_list(rest)
                if kind in CLAUSES and _FALLTHROUGH in current:
                    current = (current - {_FALLTHROUGH}) | self._next_clause(parent)
                if parent.parent is not None and parent.parent.type in FUNCTION_KINDS:
                    exits = {o for o in current if o[0] in ("return", "iteration")}
                    if _FALL in current:
                        exits.add(("end", parent))
                    return exits
            elif kind == "for_statement":
                if parent.child_by_field_name("body") != node:
                    return {o for o in current if o[0] in ("return", "iteration")}
                current = self._loop_outcomes(parent, current, leak_on_iteration=True)
            elif kind in ("expression_switch_statement", "type_switch_statement",
                          "select_statement"):
                current = self._broken(parent, current)
            elif kind in ("if_statement", "labeled_statement"):
                pass
            else:
                return {o for o in current if o[0] in ("return", "iteration")}
            node = parent

    def _next_clause(self, clause: Node) -> set:
        switch = clause.parent
        clauses = [c for c in switch.named_children if c.type in CLAUSES]
        index = clauses.index(clause) if clause in clauses else len(clauses)
        if index + 1 >= len(clauses):
            return {_FALL}
        found = self.run_list(statements(clauses[index + 1]))
        return (found - {_FALLTHROUGH}) | ({_FALL} if _FALLTHROUGH in found else set())


def _condition(loop: Node) -> Node | None:
    """The condition of a `for` loop (`for c {`, `for i := 0; c; i++ {`), or None."""
    found = loop.child_by_field_name("condition")
    if found is not None:
        return found
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    return clause.child_by_field_name("condition") if clause is not None else None


def is_entry(after: Node) -> bool:
    """`after` is a function's body: the paths are followed from the function's entry (for
    a parameter)."""
    return after.type == "block" and after.parent is not None \
        and after.parent.type in FUNCTION_KINDS


def _is_default(clause: Node) -> bool:
    return clause.type == "default_case" or bool(clause.children) \
        and clause.children[0].type == "default"


def innermost_loop(function: Node, node: Node) -> Node | None:
    """The innermost `for` of `function` whose body holds `node`."""
    current = node.parent
    while current is not None and current != function and current.type not in FUNCTION_KINDS:
        parent = current.parent
        if parent is not None and parent.type == "for_statement" \
                and parent.child_by_field_name("body") == current:
            return parent
        current = parent
    return None


def leaves(ctx: FileContext, function: Node, variable: Variable) -> str:
    """How the value of `variable` may outlive `function` (one of its locals, or a named
    result, a parameter or a variable from outside, which outlive it by themselves), or ""."""
    body = function.child_by_field_name("body")
    if body is None:
        return "the function has no body"
    if variable.kind in ("result", "param", "receiver"):
        return f"{variable.name} is a {variable.kind} of the function"
    if not variable.declared_within(body):
        return f"{variable.name} is declared outside the function"
    sc = ctx.scopes(function)
    escape = escape_in(Region(ctx, sc, body, typed=True), variable, siblings=False)
    return escape.replace("outlive the iteration", "outlive the function")


def deferred_release(ctx: FileContext, function: Node, after: Node,
                     paths: _Paths) -> Node | None:
    """A defer statement of `function` that releases the value at exit: one after `after`
    (the statement that binds it) that releases it, or one before it whose deferred func
    literal does (it reads the variable when it runs)."""
    body = function.child_by_field_name("body")
    for node in level_nodes(body, _DEFER) if body is not None else ():
        if not paths.releases_in(node):
            continue
        if node.start_byte >= (after.start_byte if is_entry(after) else after.end_byte):
            return node
        call = node.child_by_field_name("call") or \
            next((c for c in node.named_children if c.type == "call_expression"), None)
        callee = call.child_by_field_name("function") if call is not None else None
        if callee is not None and callee.type == "function_literal":
            return node
    return None


def cleanup(ctx: FileContext, after: Node, variable: Variable,
            releases: Callable[[Use], bool] = any_use, bound: Node | None = None,
            exhausts: Callable[[Node], str] | None = None) -> Cleanup:
    """Whether `variable`, live once the statement `after` has run, is released on every
    path to its function's exits, leaves the function, or has a deferred release. `bound`
    is the statement that binds it when that is not `after` (`tx, err := db.Begin()`,
    with `after` its error check): a defer between the two counts as well. `after` may be
    the function's body: the paths from its entry (a parameter's). `exhausts(cond)`: which
    outcome of the condition, "false", "true" or neither (""), leaves nothing to release:
    "false" for `rows.Next()` (rows close themselves when it returns false), so `for
    rows.Next() { … }` releases when it runs to its end, and `if !rows.Next() { … }` in
    its block; "true" for `resp == nil`, whose block holds nothing open."""
    function = variable.function
    bound = bound if bound is not None else after
    result = Cleanup(loop=innermost_loop(function, after),
                     leaves_of=lambda: leaves(ctx, function, variable))
    paths = _Paths(ctx, function, variable, releases, exhausts)
    result.deferred = deferred_release(ctx, function, bound, paths)
    if result.deferred is not None and result.deferred.start_byte < after.start_byte \
            and (result.deferred.start_byte < bound.start_byte or result.loop is None
                 or not within(result.deferred, result.loop)):
        return result   # registered before the paths start: it covers every exit after
    # A defer further on covers only the exits after it: on the paths, it is a release
    # where they reach it (an early return before it leaves the value unreleased).
    body = function.child_by_field_name("body")
    if body is not None and b"goto" in body.text \
            and any(n.type == "goto_statement" for n in function_level(body)):
        result.problem = "the function has a goto, whose paths are not followed"
        return result
    try:
        exits = paths.after(after)
    except _TooDeep:
        result.problem = f"the statements nest more than {_MAX_DEPTH} deep"
        return result
    if _GOTO in exits:
        result.problem = "a goto, whose paths are not followed"
        return result
    ordered = sorted((o for o in exits if o[0] in ("return", "end", "iteration")),
                     key=lambda o: o[1].start_byte if o[0] != "end" else o[1].end_byte)
    result.unreleased = [Exit(kind, node) for kind, node in ordered]
    if result.unreleased:
        result.deferred = None    # some paths return before they reach the defer
    return result


def error_check(ctx: FileContext, statement: Node, error: Node | None,
                any_block: bool = False) -> Node | None:
    """The `if err != nil { … }` right after `statement` whose block always leaves (return,
    panic, continue, break, goto) and that has no else and no initializer, for the error
    named by the identifier `error`: after it the value is live. None when there is none.
    With `any_block`, whatever its block does and whether or not it has an else (the
    caller judges them: a fix after a block that may fall through is not one)."""
    if error is None or error.type != "identifier" or ctx.text(error) == "_":
        return None
    container = statement.parent
    siblings = statements(container) if container is not None and (
        container.type == "block" or container.type in CLAUSES) else []
    index = siblings.index(statement) if statement in siblings else -1
    if index < 0 or index + 1 >= len(siblings):
        return None
    check = siblings[index + 1]
    if check.type != "if_statement" \
            or check.child_by_field_name("else") is not None and not any_block \
            or any(check.field_name_for_child(i) in ("initializer", "init_statement")
                   for i in range(check.child_count)):
        return None
    condition = check.child_by_field_name("condition")
    name = ctx.text(error)
    if condition is None or ctx.text(condition).replace(" ", "") not in (f"{name}!=nil",
                                                                        f"nil!={name}"):
        return None
    sc = ctx.scopes(statement)
    operand = next((c for c in condition.named_children if c.type == "identifier"), None)
    if sc is None or operand is None or sc.resolve(operand) is not sc.resolve(error):
        return None
    if any_block:
        return check
    body = check.child_by_field_name("body")
    flow = ctx.flow(check)
    stmts = statements(body) if body is not None else []
    if not stmts or flow is None:
        return None
    last = stmts[-1]
    if last.type in ("continue_statement", "break_statement") or flow.list_terminating(stmts):
        return check
    return None
