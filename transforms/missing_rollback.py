"""missing-rollback: a transaction begun, its error checked, and a path that returns without
Commit or Rollback.

`tx, err := db.Begin()` (or `BeginTx(ctx, …)`, on a *sql.DB, a *sql.Conn or anything else
whose result has Commit and Rollback), `if err != nil { return … }`, then a path that
returns without `tx.Commit()` or `tx.Rollback()`: the transaction keeps its connection and
the database's locks until the process ends. Paths from codemod.analysis.cleanup: a Commit or
Rollback on the path (called or as a method value) counts, and so does handing tx to a
function (which may finish it); a tx that leaves the function (returned to the caller,
stored, handed to a goroutine) is its new owner's, and no finding.

The fix inserts `defer tx.Rollback()` after the error check. For a `*database/sql.Tx` (by
type, or a type whose Commit and Rollback are *sql.Tx's, promoted from an embedded one) a
Rollback after Commit returns sql.ErrTxDone and does nothing, so the fix only closes the
paths that leaked: safe when tx does not leave the function. Another type's Rollback may
undo committed work or fail loudly: unsafe. Without types: report-only.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from codemod.analysis.cleanup import cleanup, error_check, method_called
from codemod.analysis.gotypes import Call, Expr
from codemod.analysis.syntax import line
from codemod.analysis.types import untyped
from codemod.context import FileContext, Rule
from codemod.model import Applicability, Finding
from codemod.parsing import enclosing_function
from transforms.missing_cancel import binding, insert_after, judge_calls, per_iteration

SQL_TX = "*database/sql.Tx"
_SQL_METHODS = {"Commit": "(*database/sql.Tx).Commit", "Rollback": "(*database/sql.Tx).Rollback"}

RULE = Rule(
    id="missing-rollback",
    summary="a transaction (db.Begin/BeginTx) that some path leaves without Commit or Rollback",
    fixes=("safe", "unsafe", "none"),
    needles=(b"Begin",),
    # The callee's name is the whole word Begin or BeginTx (_CALL).
    wants=lambda src: _BEGIN.search(src) is not None,
    explain="""\
Finds `tx, err := db.Begin()` / `db.BeginTx(ctx, opts)` whose error is checked and after
which some path returns without `tx.Commit()` or `tx.Rollback()`: the transaction holds its
connection and the database's locks until the process ends. The transaction is recognised
by type (go/types: the result is a *sql.Tx, or has Commit and Rollback methods).

Before:
    tx, err := db.Begin()
    if err != nil {
        return err
    }
    if _, err := tx.Exec(q); err != nil {
        return err
    }
    return tx.Commit()

After:
    tx, err := db.Begin()
    if err != nil {
        return err
    }
    defer tx.Rollback()
    …

Safe: tx is a *database/sql.Tx (or a type whose Commit and Rollback are the embedded
*sql.Tx's), whose Rollback after Commit returns sql.ErrTxDone and does nothing, and tx does
not leave the function: the deferred Rollback only ends the paths that left it open.
Unsafe: another type with Commit and Rollback methods (an interface, a wrapper with methods
of its own): its Rollback after Commit may undo committed work or report an error.
In a loop body a plain defer would pile up until the function returns: the fix runs the
body in a func literal with the defer inside (defer-in-loop's fix and conditions; no safer
than the type allows).
Report-only: in a loop body that cannot run in a func literal (defer-in-loop's reasons), or
types not available.
Not a finding: `defer tx.Rollback()` (or a deferred func literal that rolls back) already,
every path commits or rolls back, tx is handed to a function that may finish it, tx leaves
the function (returned to the caller, stored, handed to a goroutine), the error is not
checked right after the call, the result has no Commit and Rollback, a function with a goto.
A panic ends a path without needing the Rollback (as in vet's lostcancel), also one that the
function itself recovers from: that leak is not reported.
""",
)

_CALL = """
(call_expression function: (selector_expression
   field: (field_identifier) @name
   (#match? @name "^Begin(Tx)?$"))) @call
"""


_BEGIN = re.compile(rb"(?<![A-Za-z0-9_\x80-\xff])Begin(?:Tx)?(?![A-Za-z0-9_\x80-\xff])")


def find(ctx: FileContext) -> list[Finding]:
    return judge_calls(ctx, _CALL, _judge)


def _handed_or_finished(use) -> bool:
    """Commit or Rollback of tx (called or as a method value), or tx handed to a call."""
    node = use.node
    parent = node.parent
    if parent is not None and parent.type == "selector_expression" \
            and parent.child_by_field_name("operand") == node:
        field = parent.child_by_field_name("field")
        return field is not None and field.text in (b"Commit", b"Rollback")
    while parent is not None and parent.type in ("parenthesized_expression", "unary_expression"):
        node, parent = parent, parent.parent
    return parent is not None and parent.type == "arguments"


_FINISHED = method_called({"Commit", "Rollback"})


def _kind(ctx: FileContext, call: Node, use: Node | None) -> tuple[str, str]:
    """("sql", why) for a *sql.Tx by type, ("other", why) for another type with Commit and
    Rollback, ("", why) for a value that is no transaction, ("untyped", why) when go/types
    did not say."""
    answer = ctx.types.call(call)
    if isinstance(answer, Call):
        if answer.results and answer.results[0].type == SQL_TX:
            return "sql", ""
        if use is None:
            return "", ""
        methods = ctx.types.method_set(use)
        if isinstance(methods, Expr) and methods.methods is not None:
            found = methods.methods.methods
            if all(name in found and found[name].func == func
                   for name, func in _SQL_METHODS.items()):
                return "sql", (f"{ctx.text(use)} is of type "
                               f"{methods.type.type if methods.type else 'a wrapper'}, whose "
                               f"Commit and Rollback are *sql.Tx's")
            if methods.methods.commit_rollback:
                written = answer.results[0].type if answer.results else "its type"
                return "other", written
            return "", ""
        return "untyped", untyped(methods)
    return "untyped", untyped(answer) or "types were not available"


def _judge(ctx: FileContext, call: Node) -> Finding | None:
    bound = binding(call)
    if bound is None:
        return None
    statement, names = bound
    if len(names) != 2 or names[0].type != "identifier" or ctx.text(names[0]) == "_":
        return None
    function = enclosing_function(statement)
    sc = ctx.scopes(statement)
    if function is None or sc is None:
        return None
    tx = sc.resolve(names[0])
    if tx is None or tx.function != function:
        return None
    check = error_check(ctx, statement, names[1])
    if check is None:
        return None
    found = cleanup(ctx, check, tx, _handed_or_finished, bound=statement)
    # The escape analysis (`leaves`, which may ask go/types) last: only where a path leaves
    # the transaction open does whether it leaves the function decide anything.
    if found.problem or found.deferred is not None and found.loop is None \
            or not found.unreleased or found.leaves:
        return None
    # go/types is asked only here, where the verdict depends on it (a cold check asks
    # nothing for the transactions finished on every path).
    later = next((u.node for u in tx.uses if u.start >= check.end_byte
                  and not (u.is_write and not u.partial)), None)
    kind, why = _kind(ctx, call, later)
    if not kind:
        return None
    if kind == "untyped" and not any(_FINISHED(u) for u in tx.uses):
        return None   # without types only a value the function commits or rolls back
    name = ctx.text(names[0])
    callee = ctx.text(call.child_by_field_name("function"))
    message = (f"{name} from {callee}() is neither committed nor rolled back on every path "
               f"({found.unreleased[0].describe()} is reached without either): the "
               f"transaction and its locks stay open")
    code = f"defer {name}.Rollback()"
    description = f"{code} after the error check (line {line(check)})"
    edits = [insert_after(ctx, check, code)]
    if kind == "untyped":
        fix = ctx.fix(Applicability.NONE, "report only",
                      reason=f"{name} may not be a *sql.Tx, whose Rollback after Commit does "
                             f"nothing ({why})")
    elif kind == "other":
        other = (f"{name} is {why}, not a *sql.Tx: its Rollback after Commit may undo the "
                 f"committed work or report an error")
        fix = (per_iteration(ctx, edits, code, Applicability.UNSAFE, other)
               if found.loop is not None else None) \
            or ctx.fix(Applicability.UNSAFE, description, edits, reason=other)
    else:
        fix = (per_iteration(ctx, edits, code) if found.loop is not None else None)
        if fix is not None and fix.applicability is Applicability.SAFE:
            fix = ctx.fix(fix.applicability, fix.description, fix.edits,
                          reason=f"{why or name + ' is a *sql.Tx'}, whose Rollback after "
                                 f"Commit returns sql.ErrTxDone and does nothing: {fix.reason}")
        fix = fix or ctx.fix(Applicability.SAFE, description, edits,
                       reason=f"{why or name + ' is a *sql.Tx'}: a Rollback after Commit "
                              f"returns sql.ErrTxDone and does nothing, and {name} does not "
                              f"leave the function")
    return ctx.finding(RULE.id, statement, message, fix)
