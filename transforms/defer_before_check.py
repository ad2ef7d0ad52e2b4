"""defer-before-check: `x, err := f(); defer x.Close(); if err != nil { … }`, and
`cleanup, err := f(); defer cleanup(); if err != nil { … }`.

A deferred cleanup func is a finding only when it may be nil on the error path (a deferred
nil func panics at exit): not when the callee (codemod.analysis.calls.on_error) returns a
live one with every error, where the early defer is what runs it.

The defer is registered before the error is checked, so when f fails the deferred call runs
on whatever f returned with its error, usually nil: `defer resp.Body.Close()` panics at the
defer statement itself (resp.Body is evaluated there), `defer f.Close()` panics or fails at
exit. The fix moves the defer to just after the `if err != nil` block. It is safe when that
block always leaves (return, panic, continue, break, goto), has no else, and the check comes
right after the defer: then the success path registers the same call with the same values
(its receiver and arguments are plain names, and nothing between the old and the new place
runs), the failing path no longer touches x, and the callee (by go/types:
codemod.analysis.calls.on_error) is known to return a nil x with every error: the standard
library, or a function of this module whose body says so (else its cleanup would be
dropped). The value may also be a field path set by
the call (`h.c, err = f(); defer h.c.Close()`). "Always leaves" trusts panic, log.Fatal and
os.Exit only when go/types says they are the builtin or the standard ones (without types: a name that is no local, no declaration of the package, no import of another path), and takes
t.Fatal (FailNow, Skip…) at the end of the block as leaving when t is a testing.T, B, F or TB. With statements
between the defer and the check, a panic in them would no longer run the deferred call (and
another defer between would now run in the opposite order), so the move is unsafe; when they
use x, may change x or an argument (through a pointer or a closure), or the block can fall
through, it is report-only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tree_sitter import Node

from codemod.context import FileContext, Rule
from codemod.analysis.calls import NO_RETURN_CALLS, OnError, is_no_return_call, on_error
from codemod.analysis.escape import ERR_NAME
from codemod.analysis.gotypes import Call
from codemod.analysis.types import untyped
from codemod.analysis.syntax import function_level, statements
from codemod.model import Applicability, Edit, Finding
from codemod.analysis.scopes import Access, Scopes, Variable

RULE = Rule(
    id="defer-before-check",
    summary="a defer on a result registered before that call's error is checked",
    fixes=("safe", "unsafe", "none"),
    explain="""\
Finds a deferred call on a value (any method, any selector path rooted at it, such as
`resp.Body.Close()`) placed between the call that returned the value with an error and the
check of that error. When the call fails the value is usually nil: `defer resp.Body.Close()`
panics right at the defer statement, and other deferred calls panic or fail at exit. Also
`cleanup, err := f(); defer cleanup()`: a deferred nil func panics when the function
returns, so this is a finding only when the cleanup may be nil on the error path; when the
callee returns a live cleanup with every error (a func literal, a function, a local always
set to one), the defer before the check is what runs it on that path, and is correct.

Before:
    resp, err := http.Get(url)
    defer resp.Body.Close()
    if err != nil {
        return err
    }

After:
    resp, err := http.Get(url)
    if err != nil {
        return err
    }
    defer resp.Body.Close()

Safe: the check comes right after the defer, its block always leaves (return, panic,
continue, break, goto, or ends in t.Fatal/FailNow/Skip of a *testing.T, B or F) and has no
else, and the deferred call's receiver and arguments are
plain names and literals, so the success path registers the same call with the same values.
On the failing path the value is no longer touched: the callee, as go/types names it, is a
function or method of the standard library (Go's convention for `x, err` results, which it
documents where it differs), or one of this module (this package or another of its
packages) whose returns with a possibly non-nil error all return nil or a zero literal for
the value.
Unsafe: the callee is of another module (a dependency's convention is not checked), an
interface method or a function value, or a function of this module that may return a live
value together with its error (`return r, errors.New("partial")`, a bare return of named
results, `return g()` of a callee not known to return nil): the original defers the cleanup on that path and the moved defer
would not; without types (`--no-types`, a package that does not type-check), a method call
or a function of an import outside the standard library, and the why-line says so; the
checked companion is not the call's `error` by go/types (whatever its name), or without
types does not read as one (`err`, `…Err`, `…Error`); or other
statements run between the defer and the check; if one of them panics, the deferred call no
longer runs, and a defer among them would run in the opposite order.
Report-only: something between uses the value or may change it or an argument (its address
is taken, a closure writes it), the check's block can fall through (also when its `panic`
or `log.Fatal` is, by go/types, not the builtin or the standard library's: a function of the
package or of another package) or
has an else, so there is no single place to move the defer to.
Not a finding: the error is `_`, the error is checked before the defer, the deferred call
is on a different value, or a deferred cleanup func the callee returns live with every
error.
""",
)

_DEFERRED_METHOD = """
(defer_statement
  call: (call_expression function: (selector_expression) @callee arguments: (arguments) @args)
) @defer
"""

# `cleanup, err := f(); defer cleanup()`: a func value the call returned, deferred.
_DEFERRED_FUNC = """
(defer_statement
  call: (call_expression function: (identifier) @callee arguments: (arguments) @args)
) @defer
"""


@dataclass
class _Pattern:
    defer_stmt: Node
    value: Variable          # x
    error: Variable          # err
    assign: Node             # x, err := f()
    check: Node              # if err != nil { … }
    between: list[Node]      # statements between the defer and the check
    target: str = ""         # what the call set: x, or the field path `x.f` of `x.f, err =`
    cleanup: bool = False    # `defer cleanup()`: x is a func value, called at exit


def find(ctx: FileContext) -> list[Finding]:
    findings = []
    for query in (_DEFERRED_METHOD, _DEFERRED_FUNC):
        for match in ctx.matches(query):
            pattern = _pattern(ctx, match["defer"][0], match["callee"][0])
            if pattern is None:
                continue
            on_error = _on_error(ctx, pattern) if pattern.cleanup else None
            if on_error is not None and on_error.live:
                continue  # a live cleanup with every error: the early defer is correct
            findings.append(_finding(ctx, pattern, match["args"][0], on_error))
    findings.sort(key=lambda f: (f.line, f.col))
    return findings


def _operand(callee: Node) -> Node:
    """What the deferred call is on: x.a.b of `x.a.b.M`, or the func value `cleanup`."""
    return callee if callee.type == "identifier" else callee.child_by_field_name("operand")


def _root_identifier(callee: Node) -> Node | None:
    """x in `x.a.b.M` (a chain of field selections on one name, no calls, no indexing), or
    the deferred func value itself."""
    node = _operand(callee)
    while node is not None and node.type == "selector_expression":
        node = node.child_by_field_name("operand")
    return node if node is not None and node.type == "identifier" else None


def _pattern(ctx: FileContext, defer_stmt: Node, callee: Node) -> _Pattern | None:
    root = _root_identifier(callee)
    if root is None or defer_stmt.parent is None:
        return None
    siblings = statements(defer_stmt.parent)
    index = siblings.index(defer_stmt)
    if not _looks_like_pattern(ctx, siblings, index, ctx.text(root)):
        return None  # cheap syntactic filter before the scope analysis
    sc = ctx.scopes(defer_stmt)
    value = sc.resolve(root) if sc is not None else None
    if value is None:
        return None
    found = _assignment_before(ctx, sc, siblings[:index], value,
                               _normal(ctx.text(_operand(callee))))
    if found is None:
        return None  # x does not come from `x, err := f()` in this block
    assign, error = found
    check_index = _check_after(ctx, sc, siblings, index, error)
    if check_index is None:
        return None
    path = _normal(ctx.text(_operand(callee)))
    target = max((ctx.text(n) for n in assign.child_by_field_name("left").named_children[:-1]
                  if _is_prefix(path, _normal(ctx.text(n)))), key=len)
    return _Pattern(defer_stmt, value, error, assign, siblings[check_index],
                    siblings[index + 1:check_index], target, callee.type == "identifier")


def _looks_like_pattern(ctx: FileContext, siblings: list[Node], index: int, name: str) -> bool:
    """An earlier `…name…, e := call()` in the block and a later `if e != nil`, by text."""
    errors = set()
    for statement in siblings[:index]:
        if statement.type in ("short_var_declaration", "assignment"):
            left = [ctx.text(n) for n in statement.child_by_field_name("left").named_children]
            if len(left) >= 2 and any(_is_prefix(t, name) for t in left[:-1]):
                errors.add(left[-1])
    return any(statement.type == "if_statement" and any(
        "".join(ctx.text(c).split()) in (f"{e}!=nil", f"nil!={e}") for e in errors
        for c in statement.children_by_field_name("condition"))
        for statement in siblings[index + 1:])


def _assignment_before(ctx: FileContext, sc: Scopes, earlier: list[Node], value: Variable,
                       path: str) -> tuple[Node, Variable] | None:
    """The statement `x, …, err := f(…)` (or `=`, or `x.f, err = f(…)` for a deferred
    `x.f.Close()`) that last set the deferred call's receiver `path`, before the defer, with
    err unread since (else the error was checked first)."""
    for statement in reversed(earlier):
        whole = value.decl == statement or any(_inside(u.node, statement)
                                               for u in value.writes)
        partial = [u for u in value.partial_writes if _inside(u.node, statement)]
        if not whole and not any(_is_prefix(path, _normal(ctx.text(_written(u.node))))
                                 for u in partial):
            continue  # does not replace x, nor the part of it that the deferred call uses
        if statement.type not in ("short_var_declaration", "assignment"):
            return None
        left = statement.child_by_field_name("left").named_children
        right = statement.child_by_field_name("right").named_children
        if len(left) < 2 or len(right) != 1 or right[0].type != "call_expression":
            return None
        if not any(_is_prefix(path, _normal(ctx.text(n))) for n in left[:-1]):
            return None  # x is set here, but not to what the call returned
        last = left[-1]
        error = sc.resolve(last) if last.type == "identifier" else None
        if error is None or error is value:
            return None  # `x, _ := f()`, or an error that is not a local
        if any(statement.end_byte <= u.start < earlier[-1].end_byte for u in error.uses):
            return None  # err is checked (or rewritten) before the defer
        return statement, error
    return None


def _normal(text: str) -> str:
    return "".join(text.split())


def _is_prefix(path: str, prefix: str) -> bool:
    """`prefix` is `path` or a selector/index path it extends (`resp` of `resp.Body`)."""
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def _written(ident: Node) -> Node:
    """The whole left-hand operand a partial write of `ident` stores to (`h.c` in `h.c, err
    = …`)."""
    node = ident
    while node.parent is not None and node.parent.type in ("selector_expression",
                                                          "index_expression",
                                                          "parenthesized_expression") \
            and node.parent.child_by_field_name("operand") in (node, None):
        node = node.parent
    return node


def _check_after(ctx: FileContext, sc: Scopes, siblings: list[Node], index: int,
                 error: Variable) -> int | None:
    """Index of `if err != nil { … }`: the first statement after the defer that uses err."""
    for later in range(index + 1, len(siblings)):
        statement = siblings[later]
        if not error.uses_within(statement):
            continue
        return later if _is_error_check(ctx, sc, statement, error) else None
    return None


def _is_error_check(ctx: FileContext, sc: Scopes, statement: Node, error: Variable) -> bool:
    if statement.type != "if_statement" or statement.child_by_field_name("init_statement"):
        return False
    condition = statement.child_by_field_name("condition")
    if condition is None or condition.type != "binary_expression":
        return False
    left, right = condition.child_by_field_name("left"), condition.child_by_field_name("right")
    operator = condition.child_by_field_name("operator")
    if operator is None or ctx.text(operator) != "!=":
        return False
    sides = {ctx.text(left), ctx.text(right)}
    if sides != {error.name, "nil"}:
        return False
    named = left if ctx.text(left) == error.name else right
    return sc.resolve(named) is error


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte < outer.end_byte


# --- the finding and its fix ----------------------------------------------------------------

def _finding(ctx: FileContext, p: _Pattern, args: Node, on_error: OnError | None) -> Finding:
    line = p.check.start_point.row + 1
    message = (f"defer {ctx.text(p.defer_stmt.child_by_field_name('call'))} is registered "
               f"before {p.error.name} is checked (line {line}): when the call fails, "
               f"{p.target} may be nil")
    if p.cleanup:
        message += ", and a deferred nil func panics when the function returns"
    return ctx.finding(RULE.id, p.defer_stmt, message, _fix(ctx, p, args, on_error))


def _fix(ctx: FileContext, p: _Pattern, args: Node, on_error: OnError | None):
    sc = ctx.scopes(p.defer_stmt)
    body = p.check.child_by_field_name("body")
    if p.check.child_by_field_name("else") is not None:
        return _report_only("the check has an else branch: there is no single place after it")
    if body is None or ctx.flow(p.check).falls(body) and not _ends_test(ctx, sc, body):
        return _report_only(f"the `if {p.error.name} != nil` block can fall through, so the "
                            f"deferred call would still run after a failure")
    impostor = _impostor_exit(ctx, sc, body)
    if impostor:
        return _report_only(f"{impostor} in the `if {p.error.name} != nil` block, not the "
                            f"builtin or standard one: the block may fall through")
    users = [s for s in p.between + [p.check.child_by_field_name("condition")]
             if p.value.uses_within(s)]
    if users:
        return _report_only(f"{p.value.name} is used at line {users[0].start_point.row + 1}, "
                            f"between the defer and the check")
    changed = _changed_between(ctx, sc, p, args) if p.between else ""
    if changed:
        return _report_only(changed)
    edits = _move(ctx, p.defer_stmt, p.check)
    if edits is None:
        return _report_only("the defer shares its line with other code")
    description = f"move the defer after the check of {p.error.name}"
    not_error = _not_the_error(ctx, p)
    if not_error:
        return ctx.fix(Applicability.UNSAFE, description, edits, reason=not_error)
    live = _live_on_error(ctx, p, on_error)
    if live:
        return ctx.fix(Applicability.UNSAFE, description, edits, reason=live)
    if _has_call(args):
        return ctx.fix(Applicability.UNSAFE, description, edits,
                       reason="the deferred call's arguments call functions, which would "
                              "now run after the check instead of before it")
    deferred = [s for s in p.between if s.type == "defer_statement"]
    if deferred:
        return ctx.fix(Applicability.UNSAFE, description, edits,
                       reason=f"line {deferred[0].start_point.row + 1} defers another call "
                              f"between the defer and the check: after the move the two run "
                              f"at exit in the opposite order")
    if p.between:
        return ctx.fix(Applicability.UNSAFE, description, edits,
                       reason=f"line {p.between[0].start_point.row + 1} runs between the "
                              f"defer and the check; if it panics, the deferred call no "
                              f"longer runs")
    return ctx.fix(Applicability.SAFE, description, edits,
                   reason=f"the check follows the defer and always leaves, so on success "
                          f"the same call is deferred with the same values")


def _not_the_error(ctx: FileContext, p: _Pattern) -> str:
    """Why the checked companion may not be the call's error, or "": go/types says which
    result is the `error` (whatever its name); without types, a name that reads as an error
    (`err`, `…Err`, `…Error`: Go's convention) stands for it."""
    call = p.assign.child_by_field_name("right").named_children[0]
    answer = ctx.types.call(call)
    if isinstance(answer, Call) and answer.results:
        last = answer.results[-1]
        if last.error:
            return ""
        return (f"go/types says {p.error.name} is a {last.written or last.type}, not the "
                f"error type: whether it is nil exactly when the call succeeds is not known, "
                f"and on its non-nil path the original defers the cleanup too")
    if ERR_NAME.match(p.error.name):
        return ""
    return (f"{p.error.name} does not read as an error and {untyped(answer) or 'types were not available'}"
            f", so the syntax cannot tell that it is the call's error")


def _live_on_error(ctx: FileContext, p: _Pattern, found: OnError | None) -> str:
    """Why the value may be live on the error path (codemod.analysis.calls.on_error: the
    callee by go/types; nil with every error only for the standard library and for this
    module's functions whose bodies say so). The original then deferred its cleanup on that
    path too, and the move would drop it."""
    if found is None:
        found = _on_error(ctx, p)
    if found.nil:
        return ""
    return _not_nil(ctx, p, found)


def _on_error(ctx: FileContext, p: _Pattern) -> OnError:
    left = p.assign.child_by_field_name("left").named_children
    index = next(i for i, n in enumerate(left[:-1]) if _normal(ctx.text(n)) == _normal(p.target))
    return on_error(ctx, p.assign.child_by_field_name("right").named_children[0], index)


def _not_nil(ctx: FileContext, p: _Pattern, found: OnError) -> str:
    if found.where is None:
        return (f"{found.reason}; if it returns a live {p.target} with its error, the original "
                f"defers its cleanup and after the move it would not run")
    path, line = found.where
    place = f"line {line}" if os.path.abspath(path) == os.path.abspath(ctx.path) \
        else f"{os.path.basename(path)}:{line}"
    return (f"{found.callee} may return a live {p.target} together with its error ({place}); "
            f"the original defers the cleanup on that path too, and after the move it would "
            f"not run")


def _impostor_exit(ctx: FileContext, sc: Scopes, body: Node) -> str:
    """A call the control flow takes for one that never returns (`panic(…)`, `log.Fatal(…)`,
    `os.Exit(…)`) that is not the builtin or the standard library's: by go/types' callee
    (`code.gitea.io/gitea/modules/log.Fatal` is not `log.Fatal`); without types, a name that
    is a local or a package-level declaration of this package, or an import of another
    path. What it is, for the why-line, or ""."""
    declared = None
    for node in function_level(body):
        if node.type != "expression_statement" or not is_no_return_call(node, ctx.src):
            continue
        call = node.named_children[0]
        function = call.child_by_field_name("function")
        answer = ctx.types.call(call)
        if isinstance(answer, Call):
            if answer.callee not in NO_RETURN_CALLS:
                return f"{ctx.text(function)} is {answer.callee or 'a function value'}"
            continue
        name = function if function.type == "identifier" \
            else function.child_by_field_name("operand")
        if name is None or name.type != "identifier":
            continue
        if declared is None:
            declared = ctx.package.declarations
        if sc.resolve(name) is not None or ctx.text(name) in declared:
            return f"{ctx.text(function)} is declared in this package"
        path = ctx.imports.get(ctx.text(name))
        if function.type == "selector_expression" and path is not None \
                and path != ctx.text(name):
            return f"{ctx.text(function)} is a function of {path} ({untyped(answer)})"
    return ""


_TEST_EXITS = frozenset({"Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow"})


def _ends_test(ctx: FileContext, sc: Scopes, body: Node) -> bool:
    """The block ends in `t.Fatal(…)` (or Fatalf, FailNow, Skip…) on a *testing.T, B or F
    or a testing.TB, which never returns (runtime.Goexit), and has no label that could make
    its end reachable some other way."""
    stmts = statements(body)
    if not stmts or any(s.type == "labeled_statement" for s in stmts):
        return False
    last = stmts[-1]
    call = last.named_children[0] if last.type == "expression_statement" \
        and last.named_children else None
    function = call.child_by_field_name("function") \
        if call is not None and call.type == "call_expression" else None
    if function is None or function.type != "selector_expression" \
            or ctx.text(function.child_by_field_name("field")) not in _TEST_EXITS:
        return False
    operand = function.child_by_field_name("operand")
    variable = sc.resolve(operand) if operand.type == "identifier" else None
    if variable is None or variable.type is None:
        return False
    testing = {name for name, path in ctx.imports.items()
               if path == "testing"}
    return _normal(variable.type.text) in {f"*{n}.{t}" for n in testing for t in "TBF"} \
        | {f"{n}.TB" for n in testing}


def _changed_between(ctx: FileContext, sc: Scopes, p: _Pattern, args: Node) -> str:
    """Why the moved call might defer other values than the defer statement did: x or an
    argument may be changed by the statements between (through a pointer or a closure)."""
    start, end = p.defer_stmt.end_byte, p.check.start_byte
    if any(u.access & Access.ADDR and sc.types.changes_value(u) for u in p.value.uses) or any(
            u.function != p.value.function and sc.types.changes_value(u)
            for u in p.value.possible_writes):
        return (f"{p.value.name}'s address is taken or a func literal writes it, so the "
                f"statements between the defer and the check may change it")
    stack = [args]
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        variable = sc.resolve(node) if node.type == "identifier" else None
        if variable is None:
            continue
        changed = [u for u in variable.possible_writes if sc.types.changes_value(u)
                   and (start <= u.start < end or u.access & Access.ADDR
                        or u.function != variable.function)]
        if changed:
            return (f"the argument {variable.name} may change between the defer and the "
                    f"check (line {changed[0].line}): the moved call would get another value")
    return ""


def _report_only(reason: str):
    return FileContext.fix(Applicability.NONE, "report only", reason=reason)


def _has_call(node: Node) -> bool:
    if node.type in ("call_expression", "function_literal", "receive_expression"):
        return True
    return any(_has_call(child) for child in node.named_children)


def _move(ctx: FileContext, defer_stmt: Node, check: Node):
    """Edits that cut the defer's lines (with comment lines right above it) and put them
    after the check's closing line; None when the defer shares a line with other code."""
    src = ctx.src
    start = ctx.line_start(defer_stmt.start_byte)
    if src[start:defer_stmt.start_byte].strip():
        return None
    previous = defer_stmt.prev_sibling
    while previous is not None and previous.type == "comment" \
            and previous.end_point.row == _row_before(ctx, start) \
            and not src[ctx.line_start(previous.start_byte):previous.start_byte].strip():
        start = ctx.line_start(previous.start_byte)
        previous = previous.prev_sibling
    end = _line_end(src, defer_stmt.end_byte)
    if end is None:
        return None
    moved = src[start:end].rstrip(b"\r\n")
    check_end = _line_end(src, check.end_byte)
    if check_end is None:
        return None
    insert_at = check_end - (2 if src[check_end - 2:check_end] == b"\r\n" else 1)
    return [Edit(start, end, b""),
            ctx.insert(insert_at, ctx.newline + moved.decode("utf-8", "surrogateescape"))]


def _row_before(ctx: FileContext, line_start: int) -> int:
    return ctx.src.count(b"\n", 0, line_start) - 1


def _line_end(src: bytes, offset: int) -> int | None:
    """Offset just past the newline ending the line of `offset`, when only spaces or a line
    comment follow `offset` on that line."""
    newline = src.find(b"\n", offset)
    if newline < 0:
        return None
    rest = src[offset:newline].strip()
    if rest and not rest.startswith(b"//"):
        return None
    return newline + 1
