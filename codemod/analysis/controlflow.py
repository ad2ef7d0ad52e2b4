"""Control flow inside one Go function, from the syntax alone (go/ast-shaped trees).

Where each `break`, `continue`, `goto` and `return` goes (its *target*: a loop, switch,
select, label or the function), whether a statement is *terminating* in the sense of the Go
spec, whether control can complete a statement normally, and whether it can reach the next
iteration of a loop after a given statement. `Flow(function, src)` answers for one function;
a rule gets it as `ctx.flow(node)`. The rewrite that moves a loop body into a func literal
(`codemod.rewrite`) is built on these answers.
"""

from __future__ import annotations

import bisect
from typing import Iterator

from tree_sitter import Node

from ..parsing import FUNCTION_KINDS, ancestors
from .calls import is_no_return_call
from .syntax import CLAUSES, function_level, level_nodes, statements, strictly_within, text, \
    within

BRANCHES = frozenset({"break_statement", "continue_statement", "goto_statement",
                      "return_statement"})
BREAKABLE = frozenset({"for_statement", "expression_switch_statement",
                       "type_switch_statement", "select_statement"})
# Outcomes of running a statement, as seen from the loop body being analysed.
FALL = "fall"          # control goes on with the next statement
CONT = "continue"      # the next iteration of the loop (or the end of its body)
LEAVE = "leave"        # out of the loop or the function


def labels(function: Node, src: bytes) -> dict[str, Node]:
    """Label name -> labeled_statement, for the labels of one function (not nested literals)."""
    body = function.child_by_field_name("body")
    if body is None:
        return {}
    found = {}
    for node in function_level(body):
        if node.type == "labeled_statement":
            label = node.child_by_field_name("label")
            if label is not None:
                found[text(src, label)] = node
    return found


def label_name(node: Node, src: bytes) -> str | None:
    label = node.child_by_field_name("label")
    if label is None:
        for child in node.named_children:
            if child.type in ("label", "label_name"):
                label = child
    return text(src, label) if label is not None else None


def branch_target(stmt: Node, src: bytes, function_labels: dict[str, Node]) -> Node | None:
    """Where a branch statement goes: the loop/switch/select it breaks or continues, the
    labeled statement of a goto, or the function for a return. None when unresolved."""
    if stmt.type == "return_statement":
        for parent in ancestors(stmt):
            if parent.type in FUNCTION_KINDS:
                return parent
        return None
    name = label_name(stmt, src)
    if name is not None:
        labeled = function_labels.get(name)
        if labeled is None or stmt.type == "goto_statement":
            return labeled
        return labeled.child_by_field_name("statement")
    for parent in ancestors(stmt):
        if parent.type in FUNCTION_KINDS:
            return None
        if stmt.type == "break_statement" and parent.type in BREAKABLE:
            return parent
        if stmt.type == "continue_statement" and parent.type == "for_statement":
            return parent
    return None


def has_condition(loop: Node) -> bool:
    """False for `for {}` and `for ;; {}`: loops that only end by a branch."""
    if loop.child_by_field_name("condition") is not None:
        return True
    for child in loop.named_children:
        if child.type == "range_clause":
            return True
        if child.type == "for_clause" and child.child_by_field_name("condition") is not None:
            return True
    return False


class _LazyLabels:
    """A function's labels for branch_target, looked for only when it reads one."""

    def __init__(self, flow: "Flow") -> None:
        self._flow = flow

    def get(self, name: str) -> Node | None:
        return self._flow.labels.get(name)


class Flow:
    """Branch targets and terminating statements of one function."""

    def __init__(self, function: Node, src: bytes) -> None:
        self.function = function
        self.src = src
        self._labels: dict[str, Node] | None = None
        self._branches: tuple[list[int], list[Node]] | None = None
        self._targets: dict[int, Node | None] = {}

    @property
    def labels(self) -> dict[str, Node]:
        """The function's labels (`labels`), found when first needed: only a labelled
        branch reads them, and most functions have none (the walk over every node of the
        function was most of the cost of a Flow)."""
        if self._labels is None:
            self._labels = labels(self.function, self.src)
        return self._labels

    def target(self, stmt: Node) -> Node | None:
        if stmt.id not in self._targets:
            self._targets[stmt.id] = branch_target(stmt, self.src, _LazyLabels(self))
        return self._targets[stmt.id]

    def branches(self, node: Node) -> Iterator[Node]:
        """The branch statements under `node` that belong to this function (`node` itself
        first when it is one, then in the order of the text). For a node of this function's
        own level they are picked from the function's branches, found once, by position;
        the walk under each node cost as much again per statement that asked."""
        if node.type not in FUNCTION_KINDS and self._at_level(node):
            starts, found = self._branch_index()
            at = bisect.bisect_left(starts, node.start_byte)
            while at < len(found) and found[at].start_byte < node.end_byte:
                if found[at].end_byte <= node.end_byte:
                    yield found[at]
                at += 1
            return
        if node.type in BRANCHES:
            yield node
        for child in function_level(node):
            if child.type in BRANCHES:
                yield child

    def _at_level(self, node: Node) -> bool:
        """`node` is inside this function and not inside a func literal nested in it."""
        parent = node.parent
        while parent is not None and parent != self.function:
            if parent.type in FUNCTION_KINDS:
                return False
            parent = parent.parent
        return parent is not None

    def _branch_index(self) -> tuple[list[int], list[Node]]:
        if self._branches is None:
            found = level_nodes(self.function, BRANCHES)
            self._branches = ([n.start_byte for n in found], found)
        return self._branches

    def breaks_out_of(self, construct: Node) -> bool:
        """A `break` inside `construct` refers to it."""
        return any(b.type == "break_statement" and self.target(b) == construct
                   for b in self.branches(construct))

    # --- terminating statements (Go spec, "Terminating statements") -----------------------
    def terminating(self, stmt: Node, as_return: frozenset[int] = frozenset()) -> bool:
        """`as_return` holds ids of branch statements that the rewrite turns into returns."""
        kind = stmt.type
        if stmt.id in as_return or kind in ("return_statement", "goto_statement"):
            return True
        if kind == "expression_statement":
            return is_no_return_call(stmt, self.src)
        if kind == "block":
            return self.list_terminating(statements(stmt), as_return)
        if kind == "if_statement":
            consequence = stmt.child_by_field_name("body")
            alternative = stmt.child_by_field_name("else")
            return alternative is not None and consequence is not None \
                and self.terminating(consequence, as_return) \
                and self.terminating(alternative, as_return)
        if kind == "for_statement":
            return not has_condition(stmt) and not self._breaks(stmt, as_return)
        if kind in ("expression_switch_statement", "type_switch_statement",
                    "select_statement"):
            if self._breaks(stmt, as_return):
                return False
            clauses = [c for c in stmt.named_children if c.type in CLAUSES]
            if kind != "select_statement" and not any(_is_default(c) for c in clauses):
                return False
            for clause in clauses:
                body = statements(clause)
                if body and body[-1].type == "fallthrough_statement":
                    continue
                if not self.list_terminating(body, as_return):
                    return False
            return True
        if kind == "labeled_statement":
            inner = stmt.child_by_field_name("statement")
            return inner is not None and self.terminating(inner, as_return)
        return False

    def list_terminating(self, stmts: list[Node], as_return: frozenset[int] = frozenset()
                         ) -> bool:
        stmts = [s for s in stmts if s.type != "empty_statement"]
        return bool(stmts) and self.terminating(stmts[-1], as_return)

    # --- statements that can complete normally ---------------------------------------------
    def falls(self, stmt: Node) -> bool:
        """Whether control may go on after `stmt` (it may "complete normally"): unlike the
        spec's terminating statements, break, continue and goto never fall through.
        Over-approximates: when unsure, it falls."""
        kind = stmt.type
        if kind in BRANCHES:
            return False
        if kind == "expression_statement":
            return not is_no_return_call(stmt, self.src)
        if kind == "block":
            return self.list_falls(statements(stmt))
        if kind == "if_statement":
            consequence = stmt.child_by_field_name("body")
            alternative = stmt.child_by_field_name("else")
            return alternative is None or consequence is None or self.falls(consequence) \
                or self.falls(alternative)
        if kind == "for_statement":
            return has_condition(stmt) or self.breaks_out_of(stmt)
        if kind in ("expression_switch_statement", "type_switch_statement",
                    "select_statement"):
            clauses = [c for c in stmt.named_children if c.type in CLAUSES]
            if self.breaks_out_of(stmt):
                return True
            if kind != "select_statement" and not any(_is_default(c) for c in clauses):
                return True
            return any(self.list_falls(statements(c)) for c in clauses)
        if kind == "labeled_statement":
            inner = stmt.child_by_field_name("statement")
            return inner is None or self.falls(inner) or self.breaks_out_of(inner)
        return True

    def list_falls(self, stmts: list[Node]) -> bool:
        """A list falls when each of its statements does; a label in it may be a goto target
        that makes the rest reachable again, so a list with one is taken to fall."""
        return all(self.falls(s) for s in stmts) or \
            any(s.type == "labeled_statement" for s in stmts)

    def _breaks(self, construct: Node, as_return: frozenset[int]) -> bool:
        return any(b.type == "break_statement" and b.id not in as_return
                   and self.target(b) == construct for b in self.branches(construct))

    # --- paths after a statement ----------------------------------------------------------
    def outcomes(self, stmt: Node, loop: Node) -> set:
        """Where control may go from `stmt`, seen from the body of `loop`: FALL, CONT, LEAVE,
        or a construct of the body (a switch, select or labeled statement) that a break leaves,
        so that analysis resumes after it. Over-approximates: unreachable branches count."""
        body = loop.child_by_field_name("body")
        result: set = {FALL} if self.falls(stmt) else set()
        for branch in self.branches(stmt):
            target = self.target(branch)
            if branch.type == "return_statement" or target is None:
                result.add(LEAVE if target is not None else CONT)
                continue
            if branch.type != "goto_statement" and within(target, stmt):
                continue  # a break or continue of stmt itself or of a construct inside it
            if branch.type == "goto_statement":
                if strictly_within(target, stmt):
                    continue
                # Within the body, or back to a label before the loop (which runs it again).
                again = body is not None and strictly_within(target, body) \
                    or target.start_byte <= loop.start_byte
                result.add(CONT if again else LEAVE)
            elif branch.type == "continue_statement":
                result.add(CONT if target == loop else LEAVE)
            elif target == loop or not (body is not None and strictly_within(target, body)):
                result.add(LEAVE)
            else:
                result.add(target)
        return result

    def may_reach_next_iteration(self, start: Node, loop: Node) -> bool:
        """Whether some path from just after `start` (a statement of the body of `loop`) gets
        to the next iteration: the end of the body or a `continue` of the loop."""
        body = loop.child_by_field_name("body")
        pending, seen = [start], set()
        while pending:
            current = pending.pop()
            if current.id in seen:
                continue
            seen.add(current.id)
            container = current.parent
            if container is None:
                return True
            if container.type == "labeled_statement":
                pending.append(container)
                continue
            rest = _after(container, current)
            falls = True
            for stmt in rest:
                found = self.outcomes(stmt, loop)
                if CONT in found:
                    return True
                pending.extend(o for o in found if not isinstance(o, str))
                if FALL not in found:
                    falls = False
                    break
            if not falls:
                continue
            if container == body:
                return True
            owner = _owner(container)
            if owner is None or owner == loop or owner.type in FUNCTION_KINDS:
                return True
            pending.append(owner)
        return False


def _after(container: Node, stmt: Node) -> list[Node]:
    siblings = statements(container) if container.type == "block" or container.type in CLAUSES \
        else []
    for index, sibling in enumerate(siblings):
        if sibling == stmt:
            return siblings[index + 1:]
    return []


def _owner(container: Node) -> Node | None:
    """The statement after which control goes when it falls off the end of `container`."""
    parent = container.parent
    if parent is None:
        return None
    if container.type in CLAUSES:
        return parent
    if container.type == "block":
        if parent.type == "if_statement":
            top = parent
            while top.parent is not None and top.parent.type == "if_statement":
                top = top.parent
            return top
        if parent.type in ("block", "labeled_statement") or parent.type in CLAUSES:
            return container
        return parent
    return parent


def _is_default(clause: Node) -> bool:
    return clause.type == "default_case" or (clause.children and clause.children[0].type
                                             == "default")


def loop_has_exit(flow: Flow, loop: Node) -> bool:
    """A loop with a condition, or an infinite one with a way out: break, return, goto or a
    labelled branch out of it (a panic also runs the defers, but the rule follows SA5003)."""
    if has_condition(loop):
        return True
    body = loop.child_by_field_name("body")
    if body is None:
        return True
    for branch in flow.branches(body):
        target = flow.target(branch)
        if branch.type == "return_statement" or target is None:
            return True
        if branch.type == "break_statement" and target == loop:
            return True
        if not within(target, loop):
            return True
    return False
