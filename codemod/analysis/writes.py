"""Lost writes: a deferred func literal's write that nothing reads afterwards.

`defer func() { err = f.Close() }()` in a function whose result is unnamed: the function
has copied its results before the closure runs, so the value is lost. `lost_writes(sc,
defer_stmt, literal, function)` finds the locals such a literal assigns when nothing can
read them after it: not the closure itself after the write, no other func literal that may
run later (a deferred one registered earlier, a goroutine), no `&v`; and when the defer
statement can run again with the same variable (a loop around it that the variable is
declared outside of, or a goto in the function), no read at all, since the closure
deferred before reads this one's write. A variable declared in a loop body is a new one each
iteration: a loop around the defer does not share it (`f, err := os.Create(p)` in the body
shadows the outer err, and each iteration's closure writes its own). Only writes that look
meant for someone count: to an error, or to a variable read after the defer statement.
Used by defer-lost-write (the finding) and defer-in-loop (whose rewrite must not keep such
a write lost under a safe fix).
"""

from __future__ import annotations

import re

from tree_sitter import Node

from ..parsing import FUNCTION_KINDS, enclosing_function, enclosing_loops
from .scopes import Access, Scopes, Use, Variable
from .syntax import within

_WRITE_STATEMENTS = frozenset({"assignment", "inc_dec_statement", "short_var_declaration"})

def lost_writes(sc: Scopes, defer_stmt: Node, literal: Node, function: Node
                 ) -> list[tuple[Variable, Use]]:
    lost = []
    for variable, uses in sc.free_variables(literal).items():
        writes = [u for u in uses if u.is_write and not u.partial and u.function == literal]
        if not writes or not _is_candidate(variable, function):
            continue
        if any(_read_after(u, write, literal) for u in uses for write in writes):
            continue  # the closure reads its own write
        if any(_reads(u) for u in uses) and (_loops_sharing(variable, defer_stmt)
                                             or _has_goto(function)):
            continue  # deferred again by a loop or a goto: the other closures read the write
        if _read_by_other_literal(variable, defer_stmt, literal):
            continue
        if not _meant_to_matter(variable, defer_stmt):
            continue  # a flag only the closure consults: bookkeeping, not a lost result
        lost.append((variable, writes[0]))
    return lost


def _meant_to_matter(variable: Variable, defer_stmt: Node) -> bool:
    """The write looks meant for someone: the variable is an error, or the function reads
    it after the defer statement (`return n`), expecting the closure's value; not so for a
    variable of the loop body around the defer (`r = nil` after `r.Close()`): the reads of
    its iteration all come before the closure runs."""
    if variable.type is not None and variable.type.text == "error":
        return True
    if variable.type is None and re.search(r"(^err|Err|err)$", variable.name):
        return True
    if any(loop.child_by_field_name("body") is not None
           and variable.declared_within(loop.child_by_field_name("body"))
           for loop in enclosing_loops(defer_stmt)):
        return False   # a new variable each iteration: its later reads come before the write
    return any(u.function == variable.function and u.start >= defer_stmt.end_byte
               and u.access & (Access.READ | Access.CALL) for u in variable.uses)


def _is_candidate(variable: Variable, function: Node) -> bool:
    if variable.function != function:
        return False  # declared further out: it lives on after this function returns
    if variable.kind == "result":
        return False  # a named result: the write is the function's result
    if variable.kind not in ("var", "param", "receiver"):
        return False
    return not variable.address_taken


def _reads(use: Use) -> bool:
    return bool(use.access & (Access.READ | Access.CALL | Access.ADDR)) \
        and not use.access & Access.KEY


def _read_after(use: Use, write: Use, literal: Node) -> bool:
    """`use` (inside the closure) may read the value `write` stored."""
    if not _reads(use):
        return False
    statement = _statement_of(write.node)
    if use.start >= statement.end_byte:
        return True
    for loop in enclosing_loops(write.node):
        if literal.start_byte <= loop.start_byte and loop.start_byte <= use.start < loop.end_byte:
            return True  # an earlier read in a loop around the write runs again after it
    return False


def _statement_of(node: Node) -> Node:
    current = node
    while current.parent is not None and current.type not in _WRITE_STATEMENTS:
        current = current.parent
    return current


def _read_by_other_literal(variable: Variable, defer_stmt: Node, literal: Node) -> bool:
    """Another func literal uses the variable and may run after our closure: any literal,
    except one deferred later in straight-line code (it runs before ours)."""
    for other in variable.capturing_literals:
        if other == literal or within(other, literal):
            continue
        if _deferred_later(other, defer_stmt):
            continue
        return True
    return False


def _deferred_later(literal: Node, defer_stmt: Node) -> bool:
    call = literal.parent
    statement = call.parent if call is not None else None
    if call is None or call.type != "call_expression" or statement is None \
            or statement.type != "defer_statement":
        return False
    same_function = enclosing_function(statement) == enclosing_function(defer_stmt)
    return same_function and statement.start_byte >= defer_stmt.end_byte \
        and not enclosing_loops(statement) and not enclosing_loops(defer_stmt) \
        and not _has_goto(enclosing_function(statement))


def _has_goto(function: Node | None) -> bool:
    if function is None:
        return False
    stack = [function.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == "goto_statement":
            return True
        if node.type not in FUNCTION_KINDS:
            stack.extend(node.named_children)
    return False




def _loops_sharing(variable: Variable, defer_stmt: Node) -> list[Node]:
    """The loops around the defer statement that run it again with the same variable: those
    whose body does not declare it (a header variable counts as shared)."""
    shared = []
    for loop in enclosing_loops(defer_stmt):
        body = loop.child_by_field_name("body")
        if body is None or not variable.declared_within(body):
            shared.append(loop)
    return shared
