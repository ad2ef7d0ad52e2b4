"""recover-misuse: `defer recover()` and `recover()` where it can never stop a panic.

recover stops a panic only when it is called directly by a deferred function. `defer
recover()` defers recover itself, so it is called by the runtime and returns nil: the panic
goes on. A recover in a func literal that is run directly or as a goroutine, or in a helper
that is only ever called (also from inside a deferred closure) rather than deferred, returns
nil too. The fix for `defer recover()` wraps it in a deferred literal; it is unsafe because
it changes which panics propagate. The other cases are report-only. A helper is not flagged
when it may be deferred where we cannot see: it is exported (another package may defer it),
or its name is used in the package other than in plain calls (deferred by name, stored,
passed). A literal used as a value (stored, passed) is not flagged either. `recover` must be
the builtin: go/types says so call by call; without types, a file that declares anything
named recover, or a package that declares one, has no finding.
"""

from __future__ import annotations

import os

import tree_sitter

from codemod.analysis.gotypes import Ident
from codemod.context import FileContext, Rule
from codemod.model import Applicability, Finding
from codemod.parsing import enclosing_function

RULE = Rule(
    id="recover-misuse",
    summary="`defer recover()` or a recover() that is not called by a deferred function",
    fixes=("unsafe", "none"),
    explain="""\
Finds `defer recover()`, which does nothing: recover stops a panic only when it is called
directly by a deferred function, and here recover itself is the deferred call. Also finds
recover() in code that is never the deferred function: a func literal that is called
directly or started with `go`, `init`, or a helper of the package that is only ever called
(for example from inside a deferred closure) and never deferred itself.

Before:
    func run() {
        defer recover()
        work()
    }

After (--unsafe-fixes):
    func run() {
        defer func() { _ = recover() }()
        work()
    }

Unsafe: the fix makes the panic stop here, so a panic that used to crash the program or
reach a caller's recover is now swallowed; check that this is what the code wants.
Report-only: a recover in a helper that is called rather than deferred (move the recover
into the deferred function, or defer the helper by name), or in a func literal that is not
deferred.
Not a finding: a helper that is deferred by name in the package, an exported helper (another
package may defer it), a func literal stored or passed as a value, and a recover that is not
the builtin (a local or the package's own; go/types tells them apart call by call).
""",
)

_RECOVER_CALL = """
((call_expression function: (identifier) @name arguments: (arguments) @args) @call
 (#eq? @name "recover"))
"""

_FUNCTION_DECLS = ("function_declaration", "method_declaration")


def find(ctx: FileContext) -> list[Finding]:
    if b"recover" not in ctx.src:
        return []
    judged = [(call, finding) for m in ctx.matches(_RECOVER_CALL)
              if not m["args"][0].named_child_count
              and (finding := _judge(ctx, call := m["call"][0])) is not None]
    # go/types says, call by call, whether recover is the builtin: asked only of the calls
    # that would be findings, all at once.
    answers = [ctx.types.ident(call.child_by_field_name("function")) for call, _ in judged]
    findings = []
    for (call, finding), answer in zip(judged, answers):
        if isinstance(answer, Ident):
            if answer.object != "builtin":
                continue  # a local or the package's own recover
        elif _recover_is_redeclared(ctx) or "recover" in ctx.package.declarations:
            continue  # without types: any recover of the file's or the package's own
        findings.append(finding)
    return findings


def _recover_is_redeclared(ctx: FileContext) -> bool:
    """True when `recover` names something of the file's own (a local, a param, a func):
    without types, no call of recover in the file is known to be the builtin's."""
    found = ctx.captures('((identifier) @id (#eq? @id "recover"))')
    for ident in found.get("id", []):
        parent = ident.parent
        if parent is None or parent.type != "call_expression" \
                or parent.child_by_field_name("function") != ident:
            return True
    return False


def _judge(ctx: FileContext, call: tree_sitter.Node) -> Finding | None:
    if call.parent is not None and call.parent.type == "defer_statement":
        return _deferred_recover(ctx, call.parent, call)
    function = enclosing_function(call)
    if function is None:
        return ctx.finding(RULE.id, call, "recover() outside any function never stops a panic",
                           _report_only("recover() runs during package initialisation"))
    if function.type == "function_literal":
        return _in_literal(ctx, call, function)
    return _in_declaration(ctx, call, function)


def _report_only(reason: str):
    return FileContext.fix(Applicability.NONE, "report only", reason=reason)


def _deferred_recover(ctx: FileContext, defer_stmt, call) -> Finding:
    fix = ctx.fix(Applicability.UNSAFE, "defer func() { _ = recover() }()",
                  [ctx.replace(call, "func() { _ = recover() }()")],
                  reason="a panic that used to propagate past this function now stops here")
    return ctx.finding(RULE.id, defer_stmt,
                       "defer recover() does nothing: recover must be called by a deferred "
                       "function, not deferred itself", fix)


def _called_literal(literal: tree_sitter.Node) -> tree_sitter.Node | None:
    """The call expression that calls `literal` directly (through parentheses), if any."""
    node = literal
    while node.parent is not None and node.parent.type == "parenthesized_expression":
        node = node.parent
    parent = node.parent
    if parent is not None and parent.type == "call_expression" \
            and parent.child_by_field_name("function") == node:
        return parent
    return None


def _in_literal(ctx: FileContext, call, literal) -> Finding | None:
    direct_call = _called_literal(literal)
    if direct_call is None:
        return None  # a func value: it may be deferred wherever it is passed
    statement = direct_call.parent
    if statement is not None and statement.type == "defer_statement":
        return None  # the deferred function itself: recover works
    if statement is not None and statement.type == "go_statement":
        how = "this func literal runs as a goroutine, not as a deferred call"
    else:
        how = "this func literal is called directly, not by a defer statement"
    return ctx.finding(RULE.id, call, f"recover() never stops a panic here: {how}",
                       _report_only("the fix is to defer the literal or move the recover "
                                    "into a deferred function; which one depends on intent"))


def _in_declaration(ctx: FileContext, call, declaration) -> Finding | None:
    name_node = declaration.child_by_field_name("name")
    if name_node is None:
        return None
    name = ctx.text(name_node)
    is_method = declaration.type == "method_declaration"
    pkg = ctx.package.name
    if not is_method and (name == "init" or name == "main" and pkg == "main"):
        if name == "init" or not {"other", "deferred"} & set(_uses(ctx, name, False, pkg)):
            return ctx.finding(RULE.id, call, f"recover() in {name} never stops a panic: "
                               f"{name} is never a deferred call",
                               _report_only(f"{name} is run by the runtime, never deferred"))
        return None
    if name[:1].isupper() and pkg != "main":
        return None  # another package may defer it by name
    uses = _uses(ctx, name, is_method, pkg)
    if "other" in uses or "deferred" in uses or "call" not in uses:
        return None
    kind = "method" if is_method else "function"
    return ctx.finding(
        RULE.id, call,
        f"recover() in {name} never stops a panic: {name} is called (at {uses['call']}), "
        f"never deferred; recover must be called directly by the deferred function",
        _report_only(f"the {kind} {name} is only called, never deferred, in package {pkg}; "
                     f"whether to defer it or move the recover is the author's choice"))


def _uses(ctx: FileContext, name: str, is_method: bool, pkg: str) -> dict[str, str]:
    """How `name` is used in the package: {"call"|"deferred"|"other": first place}."""
    uses: dict[str, str] = {}
    sources = [(ctx.path, ctx.src, ctx.root)]
    sources += [(os.path.basename(f.path), f.src, f.tree.root_node)
                for f in ctx.package.siblings(containing=name.encode())]
    kind = "field_identifier" if is_method else "identifier"
    pattern = f'(({kind}) @id (#eq? @id "{name}"))'
    for path, src, root in sources:
        if name.encode() not in src:
            continue
        for ident in ctx.captures(pattern, root).get("id", []):
            use = _classify(ident)
            if use and use not in uses:
                uses[use] = f"{os.path.basename(path)}:{ident.start_point.row + 1}"
    return uses


def _classify(ident: tree_sitter.Node) -> str:
    """'decl' for the declaration, 'call' for a plain call, 'deferred' for `defer name(…)`,
    'other' for anything else (a value, a field, a shadowing local)."""
    parent = ident.parent
    if parent is None:
        return "other"
    if parent.type in _FUNCTION_DECLS and parent.child_by_field_name("name") == ident:
        return "decl"
    callee = ident
    if parent.type == "selector_expression" and parent.child_by_field_name("field") == ident:
        callee = parent
    elif ident.type == "field_identifier":
        return "other"
    call = callee.parent
    if call is None or call.type != "call_expression" \
            or call.child_by_field_name("function") != callee:
        return "other"
    return "deferred" if call.parent is not None and call.parent.type == "defer_statement" \
        else "call"
