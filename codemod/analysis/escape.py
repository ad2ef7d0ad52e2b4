"""Escape: may a value of one region (a loop body) outlive it?

`escapes(ctx, sc, body, skip, variable)` follows the variable, and what is built from it or
declared with it (`ctx, cancel := …`), through assignments, calls, composite literals and
func literals: it escapes when it is stored outside the region, appended or copied to an
outer slice, sent on a channel, returned, used by a goroutine, captured by a literal that
may be stored, or passed to a function of the package (followed eight calls deep,
its parameters bound to the caller's values) or a method that may keep it. The answer is a
description ("stored in s.conns (line 12)"); `escape_is_certain` tells a place the value
certainly reaches from one that is only suspected (a method of an outer value, a function
value, a call too deep to follow).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from .. import parsing
from . import universe
from .gotypes.answers import Expr, Ident
from .types import untyped
from .origin import alias_of, assigned_values
from .syntax import (brief, function_level, is_variadic, line, parameter_names,
                     return_values, root_identifier, value_for, within)

if TYPE_CHECKING:
    from ..context import FileContext


# Methods whose results do not keep their receiver alive (plain values, errors, counts).
_VALUE_METHODS = frozenset({
    "Read", "ReadAt", "ReadByte", "ReadBytes", "ReadRune", "ReadString", "ReadLine", "ReadFrom",
    "Write", "WriteString", "WriteByte", "WriteRune", "WriteTo", "WriteAt", "Stat", "Name",
    "Err", "Next", "NextResultSet", "Scan", "Text", "Len", "Size", "Seek", "Sync", "Flush",
    "Close", "Columns", "RowsAffected", "LastInsertId", "Decode", "Encode", "String", "Error",
    "Readdirnames", "ReadDir", "Readdir", "Truncate", "Chmod", "Chown", "Fd", "Exec",
    "SetDeadline", "SetReadDeadline", "SetWriteDeadline", "Wait", "Signal", "Kill", "Run",
    "Start", "Output", "CombinedOutput", "Cancel", "Stop", "Reset", "Commit", "Rollback",
})


# Methods of another value that read an argument without keeping it.
_NON_STORING_METHODS = frozenset({
    "Write", "WriteString", "Printf", "Println", "Print", "Fprintf", "Fprintln", "Errorf",
    "Logf", "Log", "Infof", "Info", "Debugf", "Debug", "Warnf", "Warn", "Error", "Fatalf",
    "Fatal", "Skip", "Skipf", "Panicf", "Panic", "Sprintf", "Sprint",
    "Encode", "Decode", "ReadFrom", "WriteTo", "Copy", "Unmarshal", "Marshal", "Sum",
    "Equal", "Contains", "Scan", "Exec", "Query", "QueryRow", "Get", "Has",
    "Do", "RoundTrip",   # http.Client.Do, http.RoundTripper: run the request, keep nothing
})


# Package functions whose results do not keep their arguments alive.
_NON_RETAINING_FUNCS = re.compile(
    r"^(fmt|strconv|strings|errors|log|math|sort|slices\.(Contains|Index|Equal)|"
    r"io\.(ReadAll|Copy|CopyN|CopyBuffer|ReadFull|WriteString)|ioutil\.ReadAll|"
    r"json\.(Marshal|MarshalIndent|Unmarshal)|bytes\.(Equal|Compare|Contains|HasPrefix)|"
    r"filepath|path|utf8|unicode)(\..*)?$")


ERR_NAME = re.compile(r"^(err|.*Err|.*Error)$")


@dataclass
class Region:
    """Where a value is followed: the loop body (skipping the defer statement itself), or,
    one call deeper, a function of the package that receives it as a parameter."""
    ctx: FileContext
    sc: object
    node: Node
    skip: Node | None = None
    depth: int = 0
    followed: tuple = ()   # (file, declaration, parameter) already being followed
    outer: frozenset = frozenset()   # in a callee: parameters bound to the caller's outer values
    # Ask go/types whether a field read of the value holds nothing (`resp.StatusCode`
    # returned is an int, not the response): for the caller's own region only.
    typed: bool = False

    @property
    def in_callee(self) -> bool:
        return self.depth > 0

    def local(self, variable) -> bool:
        return variable is not None and variable.declared_within(self.node) \
            and variable not in self.outer

    def follows(self, variable) -> bool:
        """A variable whose uses the analysis follows inside the region: one of the region's
        own, or (in the loop body) an outer variable that dies with the iteration."""
        return self.local(variable) or not self.in_callee and variable is not None \
            and dies_with_iteration(self.ctx, self.node, variable)

    def holds_new(self, expr: Node | None) -> bool:
        """An argument that is the region's own value (a local that aliases nothing outside,
        a literal, a call's result), not one from outside it."""
        if expr is None:
            return False
        if expr.type in ("composite_literal", "call_expression", "int_literal",
                         "interpreted_string_literal", "raw_string_literal", "nil", "true",
                         "false", "float_literal", "func_literal", "function_literal"):
            return True
        root = root_identifier(expr)
        variable = self.sc.resolve(root) if root is not None else None
        return self.local(variable) and not alias_of(self.ctx, self.sc, self.node, variable)


def escapes(ctx: FileContext, sc, body: Node, defer_stmt: Node, variable) -> str:
    """How `variable` (or a value built from it) may outlive the iteration, or ""."""
    return escape_in(Region(ctx, sc, body, defer_stmt), variable)


def escape_in(region: Region, variable, siblings: bool = True) -> str:
    """How `variable` may outlive the region, or "". With `siblings` (the default), what
    the call that set it set together with it (`ctx` of `ctx, cancel := …`) is followed
    too: releasing one releases the others; without, only the variable itself.

    go/types is asked whether a companion is an error (is_error) only where the answer may
    change what this returns. A first pass asks nothing of the kind: a companion whose
    answer is not known yet is followed as if it were no error. An error is only ever
    skipped (never followed, never an escape), so following it too finds every escape the
    answers could lead to and more: when that pass finds none, no answer can make one, and
    "" is the result. Only when it finds one and followed an unanswered companion does the
    real pass run, asking."""
    global _probe
    if _probe is not None:   # a callee followed within the first pass: part of it
        return _escape_in(region, variable, siblings)
    _probe = [False]
    try:
        found = _escape_in(region, variable, siblings)
        unanswered = _probe[0]
    finally:
        _probe = None
    if not found or not unanswered:
        return found
    return _escape_in(region, variable, siblings)


# While escape_in's first pass runs: [whether it followed a companion is_error could not
# answer without asking].
_probe: list[bool] | None = None


def _escape_in(region: Region, variable, siblings: bool) -> str:
    ctx, sc = region.ctx, region.sc
    siblings, outer = declared_with(region, variable) if siblings else ([], "")
    if outer:
        return outer
    made = made_by_keeper(region, variable)
    if made and escape_is_certain(made):
        return made
    tainted = [variable, *siblings]
    built_from: dict[int, str] = {id(v): "" for v in tainted}
    derived: set[int] = set()   # variables holding something built from it, not it
    while tainted:
        current = tainted.pop()
        if current.kind == "result" and current is not variable:
            maybe = ", which may hold it," if id(current) in derived else ""
            return f"{current.name}, built from {variable.name}{maybe} is a result of the " \
                   f"function"
        if current is not variable and (is_error(ctx, current)
                                       or ctx.types.plain(ctx.types.variable(sc, current))):
            continue  # an error, string, number or bool does not keep the resource
        for use in current.uses:
            node = use.node
            if not within(node, region.node) or node == current.node \
                    or region.skip is not None and within(node, region.skip):
                continue
            if use.is_write and not use.partial:
                continue
            where, part = _follow(region, node)
            if isinstance(where, str):
                if not where:
                    continue
                if (part or id(current) in derived) and not _BY_GOROUTINE.search(where):
                    # A goroutine using anything of it races with the release; a store of
                    # a part is only a suspicion.
                    held = part or current.name
                    return f"{held}, built from {variable.name}, is {where} and may hold it"
                if current is variable:
                    return f"{variable.name} is {where}"
                how = "built from" if built_from[id(current)] else "declared with"
                typed = ctx.types.ident(current.node) if how == "declared with" else None
                unknown = f" ({untyped(typed)})" if typed is not None \
                    and not isinstance(typed, Ident) else ""
                return f"{current.name}, {how} {variable.name} (line {line(variable.node)}), " \
                       f"is {where}{unknown}"
            for new in where:
                if id(new) not in built_from and region.follows(new):
                    built_from[id(new)] = current.name
                    if part or id(current) in derived:
                        derived.add(id(new))
                    tainted.append(new)
    return made   # a suspicion about its maker, when nothing certain was found


_BY_GOROUTINE = re.compile(r"^((used|run|captured) by|passed to) a goroutine")


# Words of an escape description that only suspect the value is kept: a method of an outer
# value, a package-level variable, a function value, a literal that may be stored, a call too
# deep to follow. Every other description is a place the value certainly reaches (an outer
# variable, slice or channel, a goroutine, the function's results), where closing it each
# iteration breaks the code that uses it later: the fix is not offered, not even as unsafe.
_SUSPECTED = ("may ", "out of sight", "function value")


def escape_is_certain(escape: str) -> bool:
    return not any(word in escape for word in _SUSPECTED)


def is_error(ctx, variable) -> bool:
    """A companion that is the call's error: one that go/types says is an `error`, whatever
    its name (the `e` of `fd, e := os.Open(name)`; an `err` of another type is not); without
    types, a name that reads as an error (`err`, `…Err`, `…Error`: Go's convention). An
    error holds nothing of the resource."""
    if _probe is not None:
        answer = ctx.types.known_ident(variable.node)
        if answer is None:
            _probe[0] = True
            return False   # escape_in's first pass: followed, as if no error
    else:
        answer = ctx.types.ident(variable.node)
    if isinstance(answer, Ident) and answer.type is not None:
        return answer.type.error
    return bool(ERR_NAME.match(variable.name))


def declared_with(region: Region, variable) -> tuple[list, str]:
    """The other variables one call sets together with `variable` (`ctx, cancel :=
    context.WithCancel(…)`): releasing one releases what the others hold (errors excluded, by type: is_error).
    Also where such a sibling lives outside the region, which is an escape in itself."""
    found, sc = [], region.sc
    for ident in [variable.node, *(u.node for u in variable.writes)]:
        names = ident.parent
        statement = names.parent if names is not None and names.type == "expression_list" \
            else None
        if statement is None or statement.type not in ("short_var_declaration", "assignment"):
            continue
        right = statement.child_by_field_name("right")
        values = right.named_children if right is not None \
            and right.type == "expression_list" else [right]
        if len(values) != 1 or values[0] is None or values[0].type != "call_expression":
            continue
        others = [other for name in names.named_children
                  if (other := sc.resolve(name) if name.type == "identifier" else None)
                  is not None and other is not variable]
        errors = [is_error(region.ctx, other) for other in others]   # all asked first
        for other, error in zip(others, errors):
            if error:
                continue
            callee_own = region.in_callee and other.kind in ("param", "receiver") \
                and other.declared_within(region.node)   # a callee's copy of its argument
            if not region.local(other) and not callee_own:
                return [], (f"{other.name}, set together with {variable.name} (line "
                            f"{line(statement)}), is declared outside the loop body")
            if other not in found:
                found.append(other)
    return found, ""


def _follow(region: Region, ident: Node) -> tuple[str | list, str]:
    """Follow the value of `ident` up the expression tree: a description of where it escapes,
    "" when it is only read, or the region's variables it flows into; and, when what goes
    there is not the value itself but something built from it by a field, an element or a
    call's result (`r.name`, `size(r)`, `bufio.NewReader(r)`), the text of that expression:
    it may or may not hold the value."""
    trail: list[Node] = []
    where = _walk_up(region, ident, trail)
    derived = [n for n in trail if n.type in ("selector_expression", "index_expression",
                                              "slice_expression", "call_expression")
               or n.type == "unary_expression" and region.ctx.text(n).startswith("*")]
    return where, brief(region.ctx.src, trail[-1]) if derived else ""


def _walk_up(region: Region, ident: Node, trail: list[Node]):
    ctx, sc = region.ctx, region.sc
    literal = escaping_literal(ctx, region.node, ident)
    node = ident
    if literal and region.in_callee:
        # In a callee the literal is a value like any other: follow where it goes (into a
        # result the caller follows, a local, or somewhere that keeps it).
        node = _outermost_literal(region.node, ident)
    elif literal:
        return literal
    while True:
        if node != ident:
            trail.append(node)
        if node != ident and (ctx.types.holds_nothing(sc, node)
                              or region.typed and _typed_plain(ctx, node, ident)):
            return ""  # a string, number, bool or error: it does not keep the resource
        parent = node.parent
        if parent is None:
            return ""
        kind = parent.type
        if kind in ("parenthesized_expression", "literal_value", "keyed_element",
                    "composite_literal", "type_assertion_expression", "literal_element"):
            node = parent
        elif kind == "selector_expression":
            grand = parent.parent
            if grand is not None and grand.type == "call_expression" \
                    and grand.child_by_field_name("function") == parent:
                method = ctx.text(parent.child_by_field_name("field"))
                if in_go(grand):
                    return f"used by a goroutine (line {line(grand)})"
                if method in _VALUE_METHODS:
                    return ""
                if node == ident:   # a method of the value itself, not of one of its fields
                    kept = _callee_keeps(region, method, -1, method=True, call=grand,
                                         receiver_type=ctx.types.of(sc, node))
                    if kept:
                        return f"the receiver of {brief(ctx.src, parent)}() (line " \
                               f"{line(grand)}), where it is {kept}"
                node = grand
            else:
                node = parent
        elif kind in ("index_expression", "slice_expression"):
            if parent.child_by_field_name("operand") != node:
                return ""
            node = parent
        elif kind == "unary_expression":
            if ctx.text(parent)[:1] not in ("&", "*", "<"):
                return ""
            node = parent
        elif kind == "arguments":
            call = parent.parent
            result = _argument(region, call, node)
            if result is not None:
                return result
            node = call
        elif kind == "call_expression":
            if in_go(parent):
                return f"run by a goroutine (line {line(parent)})"
            return ""  # calling the value
        elif kind == "expression_list" or kind in ("return_statement", "assignment",
                                                    "short_var_declaration", "var_spec",
                                                    "send_statement", "range_clause"):
            return _statement_sink(region, node, parent)
        else:
            return ""


def _typed_plain(ctx: FileContext, node: Node, ident: Node) -> bool:
    """go/types says the field read `node` of the value itself (`resp.StatusCode`,
    `resp.Status`) is of a basic type (a number, a bool, a string) or an error, which cannot
    hold the value it was read from. Only that first step is asked: the questions of one
    analysis then never wait for each other's answers (one round of the types stage)."""
    if node.type != "selector_expression" or node.child_by_field_name("operand") != ident:
        return False
    answer = ctx.types.expr(node)
    kind = answer.type if isinstance(answer, Expr) else None
    return kind is not None and (kind.kind in ("basic", "string") or kind.error)


def dies_with_iteration(ctx: FileContext, body: Node, variable) -> bool:
    return not read_after_iteration(ctx, body, variable)


def read_after_iteration(ctx: FileContext, body: Node, variable) -> str:
    """Why what one iteration of `body` stores in an outer variable may be read after that
    iteration ("read after the loop (line 12)"), or "" when it cannot: each iteration sets
    it before it reads it, and nothing reads it anywhere else (not after the loop, not the
    next iteration before it sets it again), so storing a resource there does not make it
    outlive the iteration. Liveness from the syntax: a top-level `v = …` of the body that
    every use other than a plain assignment follows; no use in another function (a closure
    may run any time), no `&v`, not a result (the return reads it), and no goto in the
    function (it may jump past the assignment)."""
    if variable.kind == "result":
        return "a result of the function"
    if variable.kind not in ("var", "param"):
        return f"a {variable.kind}"
    if variable.address_taken:
        return f"whose address is taken (line {line(variable.addresses[0].node)})"
    other = next((u for u in variable.uses if u.function != variable.function), None)
    if other is not None:
        return f"which a func literal uses (line {line(other.node)})"
    if any(n.type == "goto_statement" for n in function_level(variable.function)):
        return "and a goto may skip the assignment that sets it again"
    setter = next((s for s in body.named_children
                   if s.type == "assignment" and _sets(ctx, s, variable)), None)
    for use in variable.uses:
        if use.is_write and not use.partial:
            continue
        if within(use.node, body):
            if setter is None or use.start < setter.end_byte:
                return f"which the next iteration reads (line {line(use.node)}) before it " \
                       f"sets it again"
            continue
        loop = body.parent
        if loop is not None and within(use.node, loop):
            return f"which the loop's header reads (line {line(use.node)})"
        if loop is not None and use.start >= loop.end_byte:
            return f"which is read after the loop (line {line(use.node)})"
        return f"which is read after the iteration (line {line(use.node)})"
    return ""


def _sets(ctx: FileContext, assignment: Node, variable) -> bool:
    """`v = …` or `v, w = …` (not `v += …`, not `v.f = …`) of the variable."""
    operator = next((c for c in assignment.children if not c.is_named), None)
    if operator is None or ctx.text(operator) != "=":
        return False
    left = assignment.child_by_field_name("left")
    names = left.named_children if left is not None and left.type == "expression_list" \
        else [left]
    return any(n is not None and n.type == "identifier" and n.start_byte in
               {u.node.start_byte for u in variable.writes} for n in names)


def in_go(call: Node) -> bool:
    return call.parent is not None and call.parent.type == "go_statement"


def _argument(region: Region, call: Node, arg: Node):
    """What passing `arg` to `call` does with it; None: the call's result carries it."""
    ctx, sc = region.ctx, region.sc
    if in_go(call):
        return f"passed to a goroutine (line {line(call)})"
    function = call.child_by_field_name("function")
    name = ctx.text(function) if function is not None else ""
    args = [c for c in call.child_by_field_name("arguments").named_children
            if c.type != "comment"]
    if name in ("append", "copy"):
        if args and args[0] != arg:
            target = root_identifier(args[0])
            variable = sc.resolve(target) if target is not None else None
            if not region.local(variable) or alias_of(ctx, sc, region.node, variable):
                verb = "appended" if name == "append" else "copied"
                return f"{verb} to {ctx.text(args[0])} (line {line(call)})"
            return [variable]
        return None if name == "append" else ""
    if name in universe.NAMES or _NON_RETAINING_FUNCS.match(name):
        return ""
    if function is not None and function.type == "selector_expression":
        method = ctx.text(function.child_by_field_name("field"))
        operand = function.child_by_field_name("operand")
        root = root_identifier(operand)
        receiver = sc.resolve(root) if root is not None else None
        if method in _NON_STORING_METHODS:
            return ""
        if receiver is None:
            if root is not None and ctx.text(root) not in ctx.package.file_names.imports:
                return (f"passed to {brief(ctx.src, function)} (line {line(call)}), which "
                        f"may keep it in the package-level {ctx.text(root)}")
            return None  # a function of another package: its result may wrap the argument
        if not region.local(receiver) or alias_of(ctx, sc, region.node, receiver):
            return (f"passed to {brief(ctx.src, function)} (line {line(call)}), which may "
                    f"keep it in {receiver.name}")
        kept = _callee_keeps(region, method, args.index(arg) if arg in args else 0,
                             method=True, call=call,
                             receiver_type=ctx.types.of(sc, operand))
        if kept:
            return f"passed to {brief(ctx.src, function)} (line {line(call)}), where it is {kept}"
        return [receiver]
    index = args.index(arg) if arg in args else -1
    if function is not None and function.type == "function_literal":
        kept = _literal_keeps(region, [function], index)
        return f"passed to the func literal at line {line(call)}, where it is {kept}" \
            if kept else None
    if function is not None and function.type == "identifier":
        local = sc.resolve(function)
        if local is not None:
            if not region.local(local):
                return f"passed to the function value {local.name} (line {line(call)})"
            literals = [v for v in assigned_values(local) if v.type == "function_literal"]
            if len(literals) != len(assigned_values(local)):
                return f"passed to the function value {local.name} (line {line(call)})"
            kept = _literal_keeps(region, literals, index)
            return f"passed to {local.name} (line {line(call)}), where it is {kept}" \
                if kept else None
        kept = _callee_keeps(region, name, args.index(arg) if arg in args else -1, call=call)
        if kept:
            return f"passed to {name} (line {line(call)}), where it is {kept}"
    return None


_CALL_DEPTH = 8   # package functions followed this many calls deep; deeper is out of sight


def made_by_keeper(region: Region, variable) -> str:
    """`r := openIn(reg, name)` where the package's openIn (in any of its files) keeps what
    it returns: stores it in a field of a parameter or of its receiver, in a package
    variable, appends it to one, sends it…, before returning it. Then the value outlives the
    iteration however the loop body treats it."""
    for ident in [variable.node, *(u.node for u in variable.writes)]:
        value = value_for(ident)
        if value is None or value.type != "call_expression":
            continue
        kept = _call_keeps_result(region, value, _result_index(ident, value))
        if kept:
            function = value.child_by_field_name("function")
            return f"{variable.name} is made by {brief(region.ctx.src, function)} (line " \
                   f"{line(value)}), where it is {kept}"
    return ""


def _result_index(ident: Node, call: Node) -> int:
    """Which result of `call` the name receives (`b` in `a, b := f()` is 1)."""
    names = ident.parent
    if names is None or names.type != "expression_list" or call.parent is None \
            or call.parent.type == "expression_list":
        return 0
    named = [c for c in names.named_children if c.type != "comment"]
    return named.index(ident) if ident in named else 0


def _call_keeps_result(region: Region, call: Node, index: int) -> str:
    """Whether the package function or method that `call` calls keeps its result number
    `index` somewhere that outlives the call (followed through `return g(…)`)."""
    ctx, sc = region.ctx, region.sc
    function = call.child_by_field_name("function")
    if function is None:
        return ""
    if function.type == "identifier":
        if sc.resolve(function) is not None:
            return ""   # a function value: _argument and origin speak of those
        name, declarations = ctx.text(function), ctx.package.functions(ctx.text(function))
    elif function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        root = root_identifier(operand)
        name = ctx.text(function.child_by_field_name("field"))
        if root is not None and sc.resolve(root) is None \
                and (not ctx.package.functions(name, method=True)
                     or ctx.package.declarations.get(ctx.text(root)) != "var"):
            # Another package's function (nats.go's nats too): not followed. (A package with
            # no method of that name has nothing to follow either, and is not searched for
            # a package variable of the root's name, which reads most of its files.)
            return ""
        declarations = ctx.types.methods(name, ctx.types.of(sc, operand))
    else:
        return ""
    for other, decl in declarations:
        if region.depth >= _CALL_DEPTH:
            return f"out of sight ({name} is more than {_CALL_DEPTH} calls deep)"
        key = (other.path, decl.start_byte, -1 - index)
        if key in region.followed:
            continue
        callee_sc = other.scopes(decl)
        if callee_sc is None:
            continue
        outer = _outer_parameters(region, call, decl, callee_sc, None)
        inner = Region(other, callee_sc, decl, None, region.depth + 1,
                       (*region.followed, key), outer)
        for stmt in function_level(decl):
            if stmt.type != "return_statement":
                continue
            values = return_values(stmt)
            if len(values) == 1 and values[0].type == "call_expression" and index > 0:
                kept = _call_keeps_result(inner, values[0], index)
            elif index < len(values):
                kept = _returned_value_kept(inner, values[index])
            else:
                kept = ""   # a bare return of named results: followed as variables below
            if kept:
                return in_file(region, other, kept)
        for result in _named_results(callee_sc, decl, index):
            kept = escape_in(inner, result)
            if kept:
                return in_file(region, other, kept.split(" is ", 1)[-1])
    return ""


def _returned_value_kept(region: Region, expr: Node) -> str:
    node = expr
    while node.type in ("parenthesized_expression", "unary_expression") and node.named_children:
        if node.type == "unary_expression" and not region.ctx.text(node).startswith("&"):
            break
        node = node.named_children[-1] if node.type == "unary_expression" \
            else node.named_children[0]
    if node.type == "call_expression":
        return _call_keeps_result(region, node, 0)
    if node.type != "identifier":
        return ""
    variable = region.sc.resolve(node)
    if variable is None or not variable.declared_within(region.node) \
            or variable.kind in ("param", "receiver"):
        return ""   # a parameter handed back: the caller follows its own argument
    kept = escape_in(region, variable)
    return kept.split(" is ", 1)[-1] if kept else ""


def _named_results(sc, decl: Node, index: int) -> list:
    results = [v for v in sc.variables if v.kind == "result" and v.function == decl]
    return [results[index]] if index < len(results) else []


def _literal_keeps(region: Region, literals: list[Node], index: int) -> str:
    """Whether one of the region's func literals lets its parameter number `index` escape."""
    for literal in literals:
        params = parameter_names(literal)
        if index < 0 or not params:
            return "out of sight (an argument the analysis cannot pair with a parameter)" \
                if index < 0 else ""
        variable = region.sc.resolve(params[min(index, len(params) - 1)])
        if variable is None:
            return "out of sight (its parameter cannot be followed)"
        if region.depth >= _CALL_DEPTH:
            return f"out of sight (more than {_CALL_DEPTH} calls deep)"
        escape = escape_in(Region(region.ctx, region.sc, literal, None, region.depth + 1,
                                    region.followed, region.outer), variable)
        if escape:
            return escape.split(" is ", 1)[-1]
    return ""


def _callee_keeps(region: Region, name: str, index: int, method: bool = False,
                  call: Node | None = None, receiver_type: str | None = None) -> str:
    """Whether the package's function `name` (or, with `method`, every method of that name)
    lets its parameter number `index` (-1: the receiver) escape, followed up to _CALL_DEPTH
    calls deep; a function deeper than that is taken to keep it."""
    declarations = region.ctx.types.methods(name, receiver_type) if method \
        else region.ctx.package.functions(name)
    for other, decl in declarations:
        if region.depth >= _CALL_DEPTH:
            return f"out of sight ({name} is more than {_CALL_DEPTH} calls deep)"
        if index < 0:
            receiver = decl.child_by_field_name("receiver")
            params = parameter_names(decl, receiver) if receiver is not None else []
            if not params:
                continue  # an unnamed receiver cannot be kept
            param = params[0]
        else:
            params = parameter_names(decl)
            if index >= len(params) and not (params and is_variadic(decl)):
                continue
            param = params[min(index, len(params) - 1)]
        key = (other.path, decl.start_byte, param.start_byte)
        if key in region.followed:
            continue  # a recursive call adds no place to keep it
        ctx = other
        sc = ctx.scopes(decl)
        variable = sc.resolve(param) if sc is not None else None
        if variable is None:
            return "out of sight (its parameter cannot be followed)"
        outer = _outer_parameters(region, call, decl, sc, variable)
        escape = escape_in(Region(ctx, sc, decl, None, region.depth + 1,
                                    (*region.followed, key), outer), variable)
        if escape:
            return in_file(region, ctx, escape.split(" is ", 1)[-1])
    return ""


def in_file(region: Region, other: FileContext, description: str) -> str:
    """A description of a place in another file of the package names that file with its
    lines (`registry.go:26`)."""
    if other.path == region.ctx.path:
        return description
    name = os.path.basename(other.path)
    return re.sub(r"\(line (\d+)\)", lambda m: f"({name}:{m.group(1)})", description)


def _outer_parameters(region: Region, call: Node | None, decl: Node, sc, followed
                      ) -> frozenset:
    """The callee's parameters (and receiver) that the caller binds to values from outside
    its region: storing the resource in one of them lets it escape (`register(reg, r)`)."""
    if call is None or sc is None:
        return frozenset()
    args_node = call.child_by_field_name("arguments")
    args = [c for c in args_node.named_children if c.type != "comment"] \
        if args_node is not None else []
    function = call.child_by_field_name("function")
    operand = function.child_by_field_name("operand") \
        if function is not None and function.type == "selector_expression" else None
    bound: list[tuple[Node, Node | None]] = []
    params = parameter_names(decl)
    for i, param in enumerate(params):
        bound.append((param, args[i] if i < len(args) else None))
    receiver = decl.child_by_field_name("receiver")
    for param in parameter_names(decl, receiver) if receiver is not None else []:
        bound.append((param, operand))
    outer = set()
    for param, arg in bound:
        variable = sc.resolve(param)
        if variable is not None and variable is not followed and not region.holds_new(arg):
            outer.add(variable)
    return frozenset(outer)


def _statement_sink(region: Region, node: Node, parent: Node):
    ctx, sc = region.ctx, region.sc
    statement = parent.parent if parent.type == "expression_list" else parent
    if statement is None:
        return ""
    kind = statement.type
    if kind == "return_statement":
        # In a callee, returning the parameter hands it back to the caller's expression.
        return "" if region.in_callee else f"returned (line {line(statement)})"
    if kind == "send_statement":
        if statement.child_by_field_name("value") in (node, parent):
            return f"sent on a channel (line {line(statement)})"
        return ""
    if kind in ("assignment", "short_var_declaration", "range_clause"):
        right = statement.child_by_field_name("right")
        if right is None or not within(node, right):
            return ""
        left = statement.child_by_field_name("left")
        targets = _paired_targets(left, right, node)
        found = []
        for target in targets:
            if target.type == "identifier" and ctx.text(target) == "_":
                continue
            root = root_identifier(target)
            variable = sc.resolve(root) if root is not None else None
            if target.type == "identifier" and not region.local(variable) \
                    and region.follows(variable):
                found.append(variable)   # an outer variable, but dead after the iteration
                continue
            if not region.local(variable) or target.type != "identifier" \
                    and alias_of(ctx, sc, region.node, variable):
                why = read_after_iteration(ctx, region.node, variable) \
                    if target.type == "identifier" and variable is not None \
                    and not region.in_callee else ""
                return f"stored in {brief(ctx.src, target)} (line {line(statement)})" + \
                    (f", {why}" if why else "")
            if target.type == "identifier" and len(targets) > 1 \
                    and is_error(ctx, variable):
                continue
            found.append(variable)
        return found
    if kind == "var_spec":
        names = [c for i, c in enumerate(statement.children)
                 if statement.field_name_for_child(i) == "name"]
        return [v for n in names if (v := sc.resolve(n)) is not None]
    return ""


def _paired_targets(left: Node | None, right: Node, value: Node) -> list[Node]:
    if left is None:
        return []
    names = left.named_children if left.type == "expression_list" else [left]
    values = right.named_children if right.type == "expression_list" else [right]
    if len(names) == len(values):
        for name, item in zip(names, values):
            if within(value, item):
                return [name]
        return []
    return names


def _outermost_literal(body: Node, ident: Node) -> Node:
    literal = ident
    for parent in parsing.ancestors(ident):
        if parent == body:
            break
        if parent.type == "function_literal":
            literal = parent
    return literal


def escaping_literal(ctx: FileContext, body: Node, ident: Node) -> str:
    """When `ident` is inside a func literal of the body: "" if the literal runs within the
    iteration (called on the spot, or deferred), else where it escapes."""
    literal = None
    for parent in parsing.ancestors(ident):
        if parent == body:
            break
        if parent.type == "function_literal":
            literal = parent
    if literal is None:
        return ""
    call = literal.parent
    if call is not None and call.type == "call_expression" \
            and call.child_by_field_name("function") == literal:
        if in_go(call):
            return f"captured by a goroutine (line {line(call)})"
        return ""
    return f"captured by the func literal at line {line(literal)}, which may outlive the " \
           f"iteration"
