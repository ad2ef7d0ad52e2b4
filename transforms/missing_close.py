"""missing-close: a *sql.Rows, *sql.Stmt, *sql.Conn or *http.Response body left open.

`rows, err := db.Query(…)`, its error checked, and a path after the check that returns
without `rows.Close()`: the rows keep their connection out of the pool (a leaked
`*http.Response` body keeps its connection from being reused, a `*sql.Stmt` its prepared
statements, a `*sql.Conn` its connection). The value is recognised by its type, through
go/types: the standard library's, not a local type of the same name. `*sql.Rows` close
themselves when `Next` returns false, so a `for rows.Next()` loop that runs to its end
closes them; only the paths that leave it early (a return or a break out of it, a return
before it) leak. A hand-off to a function of the package that closes its parameter on
every path, or to a goroutine that closes it, counts as a close; a value that certainly
leaves the function (returned, stored in a field, sent, handed to a goroutine) is its new
owner's, as with bodyclose and sqlclosecheck, and not a finding. The fix adds `defer
rows.Close()` (`defer resp.Body.Close()`) right after the check: safe when the check always
leaves, the value comes from the standard library (never nil without an error), is not set
again, and may not leave the function (a second Close of these types does nothing, so the
paths that already close it are unchanged; the same defer further down the block moves up
instead of being repeated); unsafe when it may leave (a function value or a function of a
package that is not the standard library gets it), comes from a function that may return nil
without an error, or is a response that is not a client's or transport's (http.ReadResponse:
its body's Close reads the rest, which at exit may block). Inside a loop body the body runs
in a func literal with the defer inside (defer-in-loop's fix and conditions, no safer than
the verdict above); report-only where those conditions say so, when the check can fall
through, and without types. Only a call whose name says it makes one of these values in a
file that imports its package, or a value used as one (`x.Scan`, `x.Body`, …), is worth
the scope analysis and a question to go/types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from codemod.analysis.cleanup import Cleanup, cleanup, error_check, method_called
from codemod.analysis.escape import escape_is_certain
from codemod.analysis.gotypes import Call, Ident
from codemod.analysis.package import is_standard_library, package_name
from codemod.analysis.scopes import Use, Variable
from codemod.analysis.syntax import function_level, parameter_names, statements, unparen
from codemod.analysis.types import untyped
from codemod.context import FileContext, Rule
from codemod.model import Applicability, Edit, Finding, Fix
from transforms.missing_cancel import insert_after, per_iteration

RULE = Rule(
    id="missing-close",
    summary="a *sql.Rows, *sql.Stmt, *sql.Conn or *http.Response body not closed on some "
            "path after its error check",
    fixes=("safe", "unsafe", "none"),
    # "package http"/"package sql": a file of the package itself (net/http's internal
    # tests) names neither import path nor "http." (_src_imports counts it).
    needles=(b"database/sql", b"net/http", b"sql.", b"http.", b"Query", b"Prepare",
             b"package http", b"package sql"),
    wants=lambda src: _may_find(src),
    explain="""\
Finds a `*sql.Rows`, `*sql.Stmt` or `*sql.Conn` (database/sql), or the `Body` of an
`*http.Response` (net/http), returned with an error that is checked, and a path after the
check that leaves the function without closing it. Rows left open hold their connection
(the pool opens new ones until the database refuses), a statement its prepared statements, a
Conn its connection, and a response body the TCP connection, which cannot be reused. The
type is go/types' word: a local type named Rows is not database/sql's. `*sql.Rows` close
themselves when `Next` returns false, so only the paths that leave the `for rows.Next()`
loop early (a return or a break) or return before it leak them; `rows.Err()` does not
close them, nor does `io.Copy(io.Discard, resp.Body)` close a body.

Before:
    rows, err := db.Query("SELECT n FROM t")
    if err != nil {
        return 0, err
    }
    for rows.Next() {
        …
        if n > limit {
            return n, nil
        }
    }
    return 0, rows.Err()

After:
    rows, err := db.Query("SELECT n FROM t")
    if err != nil {
        return 0, err
    }
    defer rows.Close()
    for rows.Next() {
        …

Safe: the check always leaves (return, panic, continue, break, or ends in t.Fatal, FailNow
or Skip of the testing package, by go/types) and has no else, the value
comes from the standard library (database/sql and net/http never return a nil value without
an error), is not assigned again (nor is `resp.Body`), and cannot leave the function. A
second Close of these types does nothing, so the paths that already close it behave as
before and only the leaking ones change. When the same defer already stands further down
the block (`if resp.StatusCode != 200 { return … }; defer resp.Body.Close()`) with no other
defer before it, it moves up to just after the check instead of being repeated.
Unsafe: the value may leave the function through code the analysis cannot see into (a
function value, a method of another value, a function of a package other than the standard
library): the deferred Close
would close it under that code; or it comes from a function that is not the standard
library's, which may return nil without an error, and the deferred Close would then panic;
or the response is not a client's or an *http.Transport's (http.ReadResponse, another
RoundTripper): such a body's Close reads the rest of it, so deferred to the exit it may
block on the connection or consume what follows.
In a loop body a plain defer would pile up until the function returns: the fix runs the
body in a func literal with the defer inside, under defer-in-loop's conditions (the value
must not outlive the iteration), and is no safer than the verdict above.
Report-only: in a loop body that cannot run in a func literal (defer-in-loop's reasons: the
value is kept past the iteration, …), the check can fall through or has an else, the value
is assigned again after the check, a comment in the function names the Close (`// no
res.Body.Close call: it should work without it`: left out on purpose, as a test of the
connection's reuse may), or types were not available (the value may be of a local type with
the same name).
Not a finding: a deferred Close (`defer rows.Close()`, `defer resp.Body.Close()`, or a
deferred func literal that closes it); a Close on every path; rows read by a `for
rows.Next()` loop that no path leaves early; a path that leaves it only under a nil test
of it (`if res == nil { return }`: nothing to close); a hand-off to a function of the
package that closes its parameter on every path, or to a goroutine that closes it; a value that leaves
the function (returned, stored in a field, a package variable or an outer variable, sent,
handed to a goroutine or to a function that keeps it: the caller owns it then, as with
bodyclose and sqlclosecheck); a statement prepared in a transaction (`tx.Prepare`), which
closes with it.
""",
)


@dataclass(frozen=True)
class _Kind:
    """One type of value this rule follows: its go/types text, how Go code writes it, the
    field path that is closed (`Body` of a response) and whether `Next` returning false
    closes it (rows)."""
    type: str
    written: str
    path: tuple[str, ...] = ()
    closed_by_next: bool = False

    def closes(self, name: str) -> str:
        return ".".join((name, *self.path, "Close()"))


_KINDS = {kind.type: kind for kind in (
    _Kind("*database/sql.Rows", "*sql.Rows", closed_by_next=True),
    _Kind("*database/sql.Stmt", "*sql.Stmt"),
    _Kind("*database/sql.Conn", "*sql.Conn"),
    _Kind("*net/http.Response", "*http.Response", ("Body",)),
)}

# Without types: the callee's name and the package the file imports that make a value one
# of these, for a report-only finding.
_CONSTRUCTORS = {
    "Query": "*database/sql.Rows", "QueryContext": "*database/sql.Rows",
    "Prepare": "*database/sql.Stmt", "PrepareContext": "*database/sql.Stmt",
    "Conn": "*database/sql.Conn",
    "Get": "*net/http.Response", "Post": "*net/http.Response", "Head": "*net/http.Response",
    "PostForm": "*net/http.Response", "Do": "*net/http.Response",
    "RoundTrip": "*net/http.Response", "ReadResponse": "*net/http.Response",
}
# Members that only these values have among the usual ones: a value used through one is
# worth a question to go/types even when the callee's name says nothing (a wrapper).
_MEMBERS = frozenset({"Next", "Scan", "ColumnTypes", "NextResultSet", "Body", "StatusCode",
                      "Exec", "ExecContext", "QueryRow", "QueryRowContext", "QueryContext",
                      "PrepareContext", "BeginTx", "Raw", "PingContext"})
# Transactions' statements close when the transaction ends (database/sql documents it).
_CLOSED_WITH_TRANSACTION = frozenset({"(*database/sql.Tx).Prepare",
                                      "(*database/sql.Tx).PrepareContext",
                                      "(*database/sql.Tx).Stmt",
                                      "(*database/sql.Tx).StmtContext"})
# The responses whose Body a deferred Close only ends: a client's or transport's, whose body
# closes the connection instead of reading what is left. A body read by http.ReadResponse
# (or handed out by some RoundTripper) is drained by Close, which may block at exit.
_CLIENT_RESPONSES = frozenset({
    *(f"net/http.{name}" for name in ("Get", "Post", "PostForm", "Head")),
    *(f"(*net/http.Client).{name}" for name in ("Do", "Get", "Post", "PostForm", "Head")),
    "(*net/http.Transport).RoundTrip"})
_HELPER_DEPTH = 3   # closer helpers followed this many calls deep


@dataclass
class _Candidate:
    assign: Node           # rows, err := db.Query(…)
    call: Node             # db.Query(…)
    value: Variable        # rows
    check: Node            # if err != nil { … }


def find(ctx: FileContext) -> list[Finding]:
    facts = _facts(ctx)
    if not facts.packages and not facts.members:
        return []      # nothing here can be one of these values
    findings = []
    for assign in ctx.captures("(short_var_declaration) @assign").get("assign", []):
        finding = ctx.settled(assign.start_byte, lambda assign=assign: _judged(ctx, facts, assign))
        if finding is not None:
            findings.append(finding)
    return findings


def _judged(ctx: FileContext, facts: "_Facts", assign: Node) -> Finding | None:
    candidate = _candidate(ctx, facts, assign)
    return _judge(ctx, candidate) if candidate is not None else None


# --- the pattern ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Facts:
    """What one pass over the file's bytes says: the packages of these values it imports (or
    is), and the names it uses as one of them (`x.Scan`, `x.Body`, …)."""
    packages: frozenset[str]
    members: frozenset[str]


_NAME_BEFORE = re.compile(rb"([A-Za-z_][A-Za-z_0-9]*)$")


def _facts(ctx: FileContext) -> _Facts:
    return _Facts(frozenset(p for p in ("database/sql", "net/http") if _src_imports(ctx.src, p)),
                  frozenset(_member_users(ctx.src)))


def _may_find(src: bytes) -> bool:
    """What find() asks of the bytes before anything else (`_facts`): a file where it is
    false is not parsed for this rule."""
    return any(_src_imports(src, p) for p in ("database/sql", "net/http")) \
        or next(_member_users(src), None) is not None


# `.M` for M in _MEMBERS as a whole word (`t.Execute` is not `Exec`; at one place at most one
# member is whole: the longer ones are tried when a shorter is not).
_MEMBER_AT = re.compile(rb"\.(?:" + b"|".join(re.escape(m.encode()) for m in
                                              sorted(_MEMBERS, key=len, reverse=True))
                        + rb")(?![A-Za-z0-9_])")


def _member_users(src: bytes):
    """The names `x` of `x.M` with M in _MEMBERS, a whole word, in the order of the text: one
    pass of a regular expression (a bytes.find loop per member scanned the file 15 times,
    and stopped at every `.Execute`, `.NextToken`: 0.63 -> 0.09 CPU-s over GOROOT/src's
    7,711 files, the same names)."""
    for match in _MEMBER_AT.finditer(src):
        at = match.start()
        if at > 0:
            name = _NAME_BEFORE.search(src, max(0, at - 64), at)
            if name is not None:
                yield name.group(1).decode()


def _imports(ctx: FileContext, package: str) -> bool:
    """The file imports `package` under any name (`.` too: net/http's tests dot-import it),
    or is one of its own files."""
    return _src_imports(ctx.src, package)


def _src_imports(src: bytes, package: str) -> bool:
    return f'"{package}"'.encode() in src or package_name(src) == package.rsplit("/", 1)[-1]


def _candidate(ctx: FileContext, facts: _Facts, assign: Node) -> _Candidate | None:
    """`x, err := f(…)` followed by `if err != nil { … }`, x declared here and used as one
    of these values would be (or made by a call whose name says so)."""
    left, right = assign.child_by_field_name("left"), assign.child_by_field_name("right")
    names = [n for n in left.named_children if n.type != "comment"] if left else []
    values = [n for n in right.named_children if n.type != "comment"] if right else []
    if len(names) != 2 or len(values) != 1 or values[0].type != "call_expression" \
            or any(n.type != "identifier" for n in names) or ctx.text(names[1]) == "_":
        return None
    call = values[0]
    guess = _CONSTRUCTORS.get(_callee_name(ctx, call), "")
    if _package_of(guess) not in facts.packages and ctx.text(names[0]) not in facts.members:
        return None    # cheap: only these are worth the scope analysis and a type question
    check = error_check(ctx, assign, names[1], any_block=True)
    sc = ctx.scopes(assign)
    value = sc.resolve(names[0]) if sc is not None and check is not None else None
    if value is None or value.node != names[0]:
        return None    # no check right after, or x is set here but declared before
    return _Candidate(assign, call, value, check)


def _callee_name(ctx: FileContext, call: Node) -> str:
    function = unparen(call.child_by_field_name("function"))
    if function.type == "selector_expression":
        function = function.child_by_field_name("field")
    return ctx.text(function) if function is not None else ""


def _package_of(type_text: str) -> str:
    """`*database/sql.Rows` -> `database/sql`."""
    return type_text.lstrip("*").rsplit(".", 1)[0] if type_text else ""


# --- the verdict ----------------------------------------------------------------------------

def _judge(ctx: FileContext, c: _Candidate) -> Finding | None:
    # First the paths, for the kind the syntax suggests: where it is closed on every path
    # or certainly leaves, there is no finding whatever go/types would say, and nothing is
    # asked (a verdict asks only where it depends on the answer).
    guessed = _KINDS.get(_guessed_type(ctx, c.call) or _kind_by_use(ctx, c.value) or "")
    if guessed is None:
        return None
    state = _open_paths(ctx, c, guessed)
    if state is None:
        return None
    # The questions the verdict needs, asked together: one round of the types stage.
    answer = ctx.types.ident(c.value.node)
    callee = ctx.types.call(c.call)
    body = c.check.child_by_field_name("body")
    if body is not None:
        _ends_in_test_exit(ctx, body)
    typed = isinstance(answer, Ident) and answer.type is not None
    if typed:
        kind = _KINDS.get(answer.type.type)
        if kind is None:
            return None          # go/types: not one of these (a local Rows, an *os.File)
        if isinstance(callee, Call) and callee.callee in _CLOSED_WITH_TRANSACTION:
            return None
        if kind != guessed:
            state = _open_paths(ctx, c, kind)
            if state is None:
                return None
    elif _guessed_type(ctx, c.call) is None:
        return None              # without types only a call named for one of these counts
    else:
        kind, callee = guessed, None
    fix = _fix(ctx, c, kind, state, answer if not typed else None, callee)
    return ctx.finding(RULE.id, c.value.node, _message(ctx, c, kind, state), fix)


def _open_paths(ctx: FileContext, c: _Candidate, kind: _Kind) -> Cleanup | None:
    """The paths after the check that leave the value open, or None when there are none or
    it certainly leaves the function (its new owner closes it: bodyclose, sqlclosecheck)."""
    state = cleanup(ctx, c.check, c.value, _releases(ctx, kind, 0), bound=c.assign,
                    **_exhausts(ctx, kind, c.value))
    if state.problem or not state.unreleased:
        return None
    if state.leaves and escape_is_certain(state.leaves):
        return None
    return state


# Which of these values a use says it is, when the callee's name does not (a wrapper).
_KIND_BY_MEMBER = {"Body": "*net/http.Response", "StatusCode": "*net/http.Response",
                   "Next": "*database/sql.Rows", "Scan": "*database/sql.Rows",
                   "ColumnTypes": "*database/sql.Rows", "NextResultSet": "*database/sql.Rows",
                   "Exec": "*database/sql.Stmt", "QueryRow": "*database/sql.Stmt"}


def _kind_by_use(ctx: FileContext, value: Variable) -> str:
    """The kind the value's first telling use suggests (`x.Body`, `x.Scan`, …); a Conn for
    the methods only a Conn has among these (ExecContext, PrepareContext, BeginTx, Raw…)."""
    for use in value.uses:
        parent = use.node.parent
        if parent is None or parent.type != "selector_expression":
            continue
        member = ctx.text(parent.child_by_field_name("field"))
        if member in _KIND_BY_MEMBER:
            return _KIND_BY_MEMBER[member]
        if member in _MEMBERS:
            return "*database/sql.Conn"
    return ""


def _guessed_type(ctx: FileContext, call: Node) -> str | None:
    """Without types: what the callee's name says, in a file importing its package."""
    guess = _CONSTRUCTORS.get(_callee_name(ctx, call))
    return guess if guess is not None and _imports(ctx, _package_of(guess)) else None


def _exhausts(ctx: FileContext, kind: _Kind, value: Variable) -> dict:
    """Which outcome of a condition leaves nothing open. False: for rows `rows.Next()` (no
    next row: the rows are closed), and for every kind a nil guard of the value or of the
    field that is closed (`resp != nil && resp.Body != nil`, `if resp.Body != nil { defer
    resp.Body.Close() }`). True: a nil test of them (`if res == nil { t.Errorf(…); return
    }`, `res == nil || res.Body == nil`): its block holds nothing to close, so a return
    there is no path that leaves the value open."""
    next_called = method_called({"Next"}) if kind.closed_by_next else None

    def guarded(operand: Node) -> bool:
        """`value` or `value.<path>` itself (what is nil when nothing is open)."""
        operand = unparen(operand)
        if operand.type == "selector_expression" and len(kind.path) == 1 \
                and ctx.text(operand.child_by_field_name("field")) == kind.path[0]:
            operand = unparen(operand.child_by_field_name("operand"))
        return operand.type == "identifier" and any(u.node == operand for u in value.uses)

    def nil_test(condition: Node, comparison: str, joined: str) -> bool:
        """`value <comparison> nil` (or of the closed field), alone or joined by `joined`:
        `!=` with `&&` is false whenever nothing is open, `==` with `||` true."""
        condition = unparen(condition)
        if condition.type != "binary_expression":
            return False
        operator = condition.child_by_field_name("operator")
        left = condition.child_by_field_name("left")
        right = condition.child_by_field_name("right")
        if operator is None or left is None or right is None:
            return False
        if operator.type == joined:
            return nil_test(left, comparison, joined) and nil_test(right, comparison, joined)
        if operator.type != comparison:
            return False
        for side, other in ((left, right), (right, left)):
            other = unparen(other)
            scopes = ctx.scopes(other) if other.type == "identifier" else None
            if other.type == "nil" or scopes is not None and ctx.text(other) == "nil" \
                    and scopes.resolve(other) is None:
                return guarded(side)
        return False

    def exhausted(condition: Node) -> str:
        bare = unparen(condition)
        if next_called is not None and bare.type == "call_expression" and any(
                next_called(u) for u in value.uses_within(bare)):
            return "false"
        if nil_test(bare, "!=", "&&"):
            return "false"
        return "true" if nil_test(bare, "==", "||") else ""
    return {"exhausts": exhausted}


def _releases(ctx: FileContext, kind: _Kind, depth: int):
    """What closes the value: its Close (of the Body for a response), or handing it (or its
    Body) to a function of the package that closes its parameter on every path."""
    closed = method_called({"Close"}, kind.path)

    def releases(use: Use) -> bool:
        if closed(use):
            return True
        return depth < _HELPER_DEPTH and _handed_to_closer(ctx, kind, use, depth)
    return releases


def _handed_to_another_module(ctx: FileContext, value: Variable, kind: _Kind) -> str:
    """`lib.Consume(rows)` (or `lib.Read(resp.Body)`): the value handed to a function of a
    package that is not the standard library, whose code the analysis does not follow."""
    for use in value.uses:
        node = use.node
        if kind.path and node.parent is not None and node.parent.type == "selector_expression" \
                and node.parent.child_by_field_name("operand") == node:
            node = node.parent
        arguments = node.parent
        call = arguments.parent if arguments is not None and arguments.type == "arguments" \
            else None
        function = unparen(call.child_by_field_name("function")) if call is not None else None
        if function is None or function.type != "selector_expression":
            continue
        operand = function.child_by_field_name("operand")
        path = ctx.imports.get(ctx.text(operand)) if operand.type == "identifier" else None
        if path is not None and not is_standard_library(path) \
                and ctx.scopes(call).resolve(operand) is None:
            return f"{ctx.text(node)} is passed to {ctx.text(function)} (line {use.line}) of {path}"
    return ""


def _handed_to_closer(ctx: FileContext, kind: _Kind, use: Use, depth: int) -> bool:
    node, path = use.node, kind.path
    if path and node.parent is not None and node.parent.type == "selector_expression" \
            and ctx.text(node.parent.child_by_field_name("field")) == path[0] \
            and len(path) == 1:
        node, path = node.parent, ()            # resp.Body handed on: its Close closes it
    arguments = node.parent
    if arguments is None or arguments.type != "arguments":
        return False
    call = arguments.parent
    function = unparen(call.child_by_field_name("function"))
    args = [a for a in arguments.named_children if a.type != "comment"]
    index = args.index(node)
    if function.type == "identifier":
        if ctx.scopes(call) is not None and ctx.scopes(call).resolve(function) is not None:
            return False                         # a function value: its code is not seen
        declarations = ctx.package.functions(ctx.text(function))
    else:
        return False
    if not declarations:
        return False
    helper_kind = _Kind(kind.type, kind.written, path, kind.closed_by_next)
    return all(_closes_parameter(other, decl, index, helper_kind, depth + 1)
               for other, decl in declarations)


def _closes_parameter(ctx: FileContext, decl: Node, index: int, kind: _Kind,
                      depth: int) -> bool:
    """The function `decl` closes its parameter number `index` on every path."""
    params = parameter_names(decl)
    body = decl.child_by_field_name("body")
    sc = ctx.scopes(decl)
    if index >= len(params) or body is None or sc is None:
        return False
    param = sc.resolve(params[index])
    if param is None:
        return False
    state = cleanup(ctx, body, param, _releases(ctx, kind, depth), **_exhausts(ctx, kind, param))
    return state.deferred is not None or not state.problem and not state.unreleased


def _message(ctx: FileContext, c: _Candidate, kind: _Kind, state: Cleanup) -> str:
    what = f"{c.value.name}.{'.'.join(kind.path)}" if kind.path else c.value.name
    exits = [e.describe() for e in state.unreleased]
    more = f" (and {len(exits) - 1} more)" if len(exits) > 1 else ""
    return (f"{what} ({kind.written} from {_brief_callee(ctx, c.call)}) is not closed on "
            f"every path after the check: {exits[0]}{more} leaves it open")


def _brief_callee(ctx: FileContext, call: Node) -> str:
    return "".join(ctx.text(call.child_by_field_name("function")).split())


# --- the fix --------------------------------------------------------------------------------

def _fix(ctx: FileContext, c: _Candidate, kind: _Kind, state: Cleanup, untyped_answer,
         callee) -> Fix:
    statement = f"defer {kind.closes(c.value.name)}"
    if untyped_answer is not None:
        return _report_only(f"types were not available ({untyped(untyped_answer)}): "
                            f"{c.value.name} may be of a local type with the same name")
    body = c.check.child_by_field_name("body")
    if c.check.child_by_field_name("else") is not None:
        return _report_only("the error check has an else branch: there is no single place "
                            "after it for the defer")
    flow = ctx.flow(c.check)
    if body is None or flow.falls(body) and not _ends_in_test_exit(ctx, body):
        return _report_only(f"the error check can fall through, so `{statement}` after it "
                            f"would also run when the call failed")
    again = [u for u in c.value.writes if u.node != c.value.node]
    if again:
        return _report_only(f"{c.value.name} is assigned again at line {again[0].line}: "
                            f"`{statement}` would close only the first value")
    close_call = kind.closes(c.value.name).removesuffix("()")
    remark = _comment_naming(ctx, c.value.function, close_call)
    if remark is not None:
        return _report_only(f"the comment at line {remark} speaks of {close_call}: leaving "
                            f"it open may be deliberate (a test of what happens without it)")
    edits = [insert_after(ctx, c.check, statement)]
    applicability, reason = _verdict(ctx, c, kind, state, callee)
    if state.loop is not None:
        # A plain defer would pile up until the function returns: the loop body runs in a
        # func literal with the defer inside, under defer-in-loop's conditions, no safer
        # than the verdict above (None: no next iteration follows, a plain defer is right).
        in_loop = per_iteration(ctx, edits, statement, applicability, reason)
        if in_loop is not None and in_loop.applicability is Applicability.SAFE:
            return ctx.fix(in_loop.applicability, in_loop.description, in_loop.edits,
                           reason=f"{reason}; {in_loop.reason}")
        if in_loop is not None:
            return in_loop
    later = _later_defer(ctx, c.check, statement)
    if later is not None:
        # The same defer further down, which the early paths miss: moved up, not repeated.
        return ctx.fix(applicability, f"move `{statement}` (line {later.start_point.row + 1}) "
                                      f"to just after the error check",
                       [*edits, Edit(ctx.line_start(later.start_byte),
                                     ctx.src.index(b"\n", later.end_byte) + 1, b"")],
                       reason=f"{reason}; no other defer is registered between the check and "
                              f"line {later.start_point.row + 1}, so the deferred calls run in "
                              f"the same order")
    return ctx.fix(applicability, f"add `{statement}` after the error check", edits,
                   reason=reason)


def _comment_naming(ctx: FileContext, function: Node, close_call: str) -> int | None:
    """The line of a comment in `function` that names the Close the fix would add
    (net/http's `// Note: no res.Body.Close call. It should work without it.`): the code
    may leave it out on purpose, which no analysis of the paths can tell."""
    name = close_call.encode()
    at = ctx.src.find(name, function.start_byte, function.end_byte)
    while at >= 0:
        node = ctx.root.descendant_for_byte_range(at, at + len(name))
        if node is not None and node.type == "comment":
            return node.start_point.row + 1
        at = ctx.src.find(name, at + 1, function.end_byte)
    return None


def _later_defer(ctx: FileContext, check: Node, statement: str) -> Node | None:
    """`defer resp.Body.Close()` on a line of its own further down the check's block, with
    no other defer before it (moving it up keeps the order of the deferred calls)."""
    siblings = statements(check.parent)
    for later in siblings[siblings.index(check) + 1:]:
        if later.type == "defer_statement" and "".join(ctx.text(later).split()) \
                == "".join(statement.split()):
            start = ctx.line_start(later.start_byte)
            end = ctx.src.find(b"\n", later.end_byte)
            alone = not ctx.src[start:later.start_byte].strip() and end >= 0 \
                and not ctx.src[later.end_byte:end].strip()
            return later if alone else None
        if later.type == "defer_statement" or any(
                n.type == "defer_statement" for n in function_level(later)):
            return None
    return None


def _verdict(ctx: FileContext, c: _Candidate, kind: _Kind, state: Cleanup,
             callee) -> tuple[Applicability, str]:
    """How safe the deferred Close is, and why."""
    if state.leaves:
        return Applicability.UNSAFE, (f"{state.leaves}: the deferred Close would close it "
                                      f"under code that may still use it")
    handed = _handed_to_another_module(ctx, c.value, kind)
    if handed:
        return Applicability.UNSAFE, (f"{handed}, which may keep it: the deferred Close would "
                                      f"close it under code that may still use it")
    if kind.path:
        changed = [u for u in c.value.partial_writes if ctx.text(u.node.parent).startswith(
            f"{c.value.name}.{kind.path[0]}")]
        if changed:
            return Applicability.UNSAFE, (f"{c.value.name}.{kind.path[0]} is replaced at line "
                                          f"{changed[0].line}: the deferred Close closes the "
                                          f"first body only")
    if not isinstance(callee, Call) or not is_standard_library(callee.callee_pkg or "?"):
        where = f" (of {callee.callee_pkg})" if isinstance(callee, Call) \
            and callee.callee_pkg else ""
        return Applicability.UNSAFE, (f"{_brief_callee(ctx, c.call)} is not a function of the "
                                      f"standard library{where}: it may return a nil "
                                      f"{c.value.name} with a nil error, and the deferred "
                                      f"Close would panic")
    if kind.path and callee.callee not in _CLIENT_RESPONSES:
        return Applicability.UNSAFE, (f"{callee.callee} is not a client's or transport's call: "
                                      f"the Close of a body it returns may read the rest of it "
                                      f"from the connection (http.ReadResponse's does), and at "
                                      f"exit a deferred Close could block or consume what "
                                      f"follows")
    return Applicability.SAFE, (f"{_brief_callee(ctx, c.call)} returns a live {c.value.name} "
                                f"whenever the error is nil, {c.value.name} does not leave "
                                f"the function, and a second Close does nothing, so only the "
                                f"paths that leave it open change")


# What testing's T, B, F and TB stop a test with: runtime.Goexit, the block never falls.
_TEST_EXITS = frozenset(f"({owner}).{method}" for owner in ("*testing.common", "testing.TB")
                        for method in ("Fatal", "Fatalf", "FailNow", "Skip", "Skipf",
                                       "SkipNow"))


def _ends_in_test_exit(ctx: FileContext, body: Node) -> bool:
    """The block's last statement is `t.Fatal(…)` (Fatalf, FailNow, Skip…) of the testing
    package, by go/types, and no label in it could make its end reachable otherwise."""
    stmts = statements(body)
    if not stmts or any(s.type == "labeled_statement" for s in stmts) \
            or stmts[-1].type != "expression_statement":
        return False
    call = unparen(stmts[-1].named_children[0])
    if call.type != "call_expression" \
            or _callee_name(ctx, call) not in ("Fatal", "Fatalf", "FailNow", "Skip", "Skipf",
                                               "SkipNow"):
        return False
    answer = ctx.types.call(call)
    return isinstance(answer, Call) and answer.callee in _TEST_EXITS


def _report_only(reason: str) -> Fix:
    return FileContext.fix(Applicability.NONE, "report only", reason=reason)
