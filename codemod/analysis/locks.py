"""Locks: the pairing of an unlock with its lock, and what runs while a lock is held.

`UNLOCKS` maps an unlock method to its lock. `sync_lock(ctx, call)` says whether a call
`x.M()` is a method of the standard library's locks (sync.Mutex, sync.RWMutex, embedded or
not, or sync.Locker) by go/types, or without types by x's written type with `sync` imported
(never by the method's name alone). `code_after_loop(ctx, sc, loop)` is the first
code that runs after a loop body before the function returns (the loop's own header
between iterations, the rest of the enclosing blocks), other than code that reads only
locals and constants (`trivial`): what would run under a lock the loop took once.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from dataclasses import dataclass

from .. import parsing
from . import universe
from .gotypes.answers import Call
from .origin import never_a_resource
from .syntax import CLAUSES, callee_text, descendants, statements, unparen
from .types import untyped

if TYPE_CHECKING:
    from ..context import FileContext


UNLOCKS = {"Unlock": "Lock", "RUnlock": "RLock"}

# The methods of the standard library's locks: a sync.Mutex or RWMutex (embedded or not: a
# promoted method is still the mutex's) or a sync.Locker.
SYNC_LOCK_METHODS = frozenset(f"({owner}).{m}" for owner in ("*sync.Mutex", "*sync.RWMutex",
                                                             "sync.Locker")
                              for m in ("Lock", "RLock", "Unlock", "RUnlock", "TryLock",
                                        "TryRLock"))
SYNC_LOCK_TYPES = ("Mutex", "RWMutex", "Locker")


@dataclass(frozen=True)
class SyncLock:
    """Whether a call is a method of a sync lock (`sync`), with go/types' callee when it is
    not (`callee`: `(*example.com/m.Seal).Lock`), or why types did not settle it (`untyped`:
    then `sync` is the written type's word, and False when the syntax cannot tell)."""
    sync: bool
    callee: str = ""
    untyped: str = ""
    typed: bool = True


def sync_lock(ctx: FileContext, call: Node) -> SyncLock:
    """Whether `call` (`x.Lock()`, `x.mu.Unlock()`) calls a method of sync.Mutex,
    sync.RWMutex or sync.Locker: by go/types' callee; without types, by x's written type
    (`sync.Mutex`, `*sync.RWMutex`, `sync.Locker` with the file importing "sync" by that
    name), which is never more than the typed answer would say."""
    answer = ctx.types.call(call)
    if isinstance(answer, Call):
        return SyncLock(answer.callee in SYNC_LOCK_METHODS, callee=answer.callee or "")
    function = unparen(call.child_by_field_name("function"))
    receiver = function.child_by_field_name("operand") \
        if function.type == "selector_expression" else None
    sc = ctx.scopes(call)
    written = ctx.types.of(sc, receiver) if receiver is not None and sc is not None else None
    sync_names = {name for name, path in ctx.imports.items() if path == "sync"}
    wanted = {f"{n}.{t}" for n in sync_names for t in SYNC_LOCK_TYPES}
    return SyncLock(bool(written) and written.lstrip("*") in wanted, untyped=untyped(answer),
                    typed=False)


def code_after_loop(ctx: FileContext, sc, loop: Node) -> Node | None:
    """The first code that runs after the body of `loop` before the function returns: the
    loop's own condition, post statement or iterator function, the rest of each enclosing
    block, the other statements and the header of an enclosing loop; other than a `return`
    of constants and locals, or a condition on locals. None when there is none."""
    node = loop
    while node.parent is not None and node.parent.type not in parsing.FUNCTION_KINDS:
        if node.type == "for_statement":
            header = _nontrivial_header(ctx, sc, node)
            if header is not None:
                return header
        parent = node.parent
        if parent.type == "block" or parent.type in CLAUSES:
            rest = statements(parent)
            if parent.parent is not None and parent.parent.type == "for_statement":
                later = [s for s in rest if s != node]   # the next iteration runs them too
            else:
                later = [s for s in rest if s.start_byte >= node.end_byte]
            for stmt in later:
                if not (stmt.type == "empty_statement" or stmt.type == "return_statement"
                        and _trivial(ctx, sc, stmt)):
                    return stmt
        node = parent
    return None


def _nontrivial_header(ctx: FileContext, sc, loop: Node) -> Node | None:
    """The part of a loop's header that runs between iterations and may read shared state:
    a condition or post statement beyond locals, or a range over what may be an iterator
    function (its code runs between the iterations)."""
    parts = [loop.child_by_field_name("condition")]
    for child in loop.named_children:
        if child.type == "for_clause":
            parts += [child.child_by_field_name("condition"), child.child_by_field_name("update")]
        elif child.type == "range_clause":
            right = child.child_by_field_name("right")
            written = ctx.types.of(sc, right) if right is not None else None
            if right is not None and not (written and re.match(
                    r"^(\[|map\[|string$|chan |<-chan |u?int(8|16|32|64)?$)", written)) \
                    and right.type not in ("int_literal", "interpreted_string_literal"):
                return right
    for part in parts:
        if part is not None and not _trivial(ctx, sc, part):
            return part
    return None


def _trivial(ctx: FileContext, sc, node: Node) -> bool:
    """Reads only locals and constants: no call (but len/cap of a local slice or string), no
    field, element or pointer read, no package-level variable (state a lock may guard)."""
    for child in [node, *descendants(node)]:
        if child.type == "call_expression":
            name = callee_text(ctx.src, child)
            args = child.child_by_field_name("arguments")
            arg = args.named_children[0] if args is not None and args.named_children else None
            written = ctx.types.of(sc, arg) if arg is not None else None
            if name not in ("len", "cap") or not written \
                    or not re.match(r"^(\[|string$)", written):
                return False
        elif child.type in ("selector_expression", "index_expression", "slice_expression",
                            "unary_expression", "function_literal"):
            if child.type != "unary_expression" or ctx.text(child)[:1] in ("*", "<", "&"):
                return False
        elif child.type == "identifier" and sc.resolve(child) is None \
                and ctx.text(child) not in universe.NAMES and not never_a_resource(ctx, child):
            return False
    return True


def node_of(use_or_node) -> Node:
    return getattr(use_or_node, "node", use_or_node)


def is_assigned(ident: Node) -> bool:
    names = ident.parent
    statement = names.parent if names is not None and names.type == "expression_list" \
        else names
    return statement is not None and statement.type in ("assignment", "short_var_declaration") \
        and statement.child_by_field_name("left") in (names, ident)


def earlier_siblings(node: Node):
    sibling = node.prev_named_sibling
    while sibling is not None:
        yield sibling
        sibling = sibling.prev_named_sibling
