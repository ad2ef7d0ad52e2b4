"""exit-skips-defers: os.Exit or log.Fatal* after a defer: the deferred calls never run.

os.Exit ends the program at once, and log.Fatal* calls it: the calls deferred by the function
(and its callers) never run, so a file is not flushed, a lock file not removed, a profile not
written. The finding is on the exit call and names the defers of the same function that
may have been registered before it: a defer statement of that function (not of a func
literal nested in it) from which some path of the function reaches the exit call
(`reaches`, over the syntax: a defer in a branch that returns before the exit is not one,
a defer later in a loop body is, since the next iteration may exit).

What exits is asked of go/types call by call: the standard library's os.Exit, log.Fatal,
log.Fatalf, log.Fatalln and the Fatal methods of *log.Logger, and a function or method of
the package whose every path ends in one of those (a `die(msg)` helper, in any file of the
package: `exit_helpers`). t.Fatal, t.FailNow, t.Skip* and runtime.Goexit are not: they
run the deferred calls. An exported function of another package of the module that is such
a helper (`base.Fatalf`, `module_helpers`) is found through the file's import of it, as
os.Exit is: an import name no local shadows is that import, and the go command's rule for
the main module says which directory an import path of it is. Without types only these
are found (the import path "os" or "log", or of the module's package; not a local named so).

Report only: what to do instead (run the work in a function that returns an exit code, and
exit after it returns) is the author's choice.
"""

from __future__ import annotations

import os
import re

import tree_sitter

from codemod.analysis.controlflow import Flow
from codemod.analysis.gotypes import Call
from codemod.analysis.syntax import CLAUSES, brief, function_level, statements, \
    strictly_within, within
from codemod.context import FileContext, Rule
from codemod.model import Applicability, Finding
from codemod.parsing import FUNCTION_KINDS, enclosing_function

RULE = Rule(
    id="exit-skips-defers",
    summary="os.Exit or log.Fatal after a defer: the deferred calls never run",
    fixes=("none",),
    explain="""\
Finds a call of os.Exit, log.Fatal, log.Fatalf, log.Fatalln (or the Fatal methods of a
*log.Logger), or of a function of the package or of another package of the module
(`base.Fatalf`) whose every path ends in one, made in a function after it registered a
defer: os.Exit ends the program at once, so the deferred calls never run (go-critic
exitAfterDefer). The finding names the defers it skips.

Before:
    func main() {
        f, err := os.Create("out.txt")
        if err != nil {
            log.Fatal(err)
        }
        defer f.Close()
        if err := write(f); err != nil {
            log.Fatal(err) // f.Close never runs: buffered data may be lost
        }
    }

After (by hand):
    func main() {
        if err := run(); err != nil {
            log.Fatal(err)
        }
    }

    func run() error {
        f, err := os.Create("out.txt")
        if err != nil {
            return err
        }
        defer f.Close()
        return write(f)
    }

Report-only: how to restructure (return an error or an exit code, and exit after the
deferred calls ran; call the cleanup before exiting) is the author's choice.
Not a finding: an exit before any defer, or after a defer in a branch that returns before
it; a defer inside a func literal (it belongs to the literal); t.Fatal, t.FailNow, t.Skip*
and runtime.Goexit, which run the deferred calls; a local function or variable named Exit
or log; and, without go/types, anything but os.Exit, log.Fatal* and the module's exported
helpers named through the file's imports. Not looked for: a *log.Logger in a file that does
not import log, a function of another module that exits, a method of another package, and
a helper that is not gofmt-ed, ends in a Logger's Fatal or in an exit nested deeper
than an else branch or a default case.
""",
)

_EXITS = frozenset({"os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln",
                    "(*log.Logger).Fatal", "(*log.Logger).Fatalf", "(*log.Logger).Fatalln"})
_BY_IMPORT = {"os": frozenset({"Exit"}), "log": frozenset({"Fatal", "Fatalf", "Fatalln"})}
_NAMES = frozenset({"Exit", "Fatal", "Fatalf", "Fatalln"})
_DEFER = "(defer_statement) @defer"


def find(ctx: FileContext) -> list[Finding]:
    if b"defer" not in ctx.src:
        return []
    needles = _needles(ctx)
    if not any(needle in ctx.src for needle in needles):
        return []   # nothing here can exit: no exit call, and no call of a helper
    by_function: dict[int, tuple[tree_sitter.Node, list[tree_sitter.Node]]] = {}
    for stmt in ctx.captures(_DEFER).get("defer", []):
        function = enclosing_function(stmt)
        if function is not None and function.child_by_field_name("body") is not None:
            by_function.setdefault(function.id, (function, []))[1].append(stmt)
    findings = []
    for function, defers in by_function.values():
        body = function.child_by_field_name("body")
        text = ctx.src[body.start_byte:body.end_byte]
        if any(needle in text for needle in needles):
            findings.extend(_in_function(ctx, function, defers))
    return findings


def _needles(ctx: FileContext) -> list[bytes]:
    """Bytes one of which a call that may exit holds: `os.Exit(` and `log.Fatal` by the
    file's names of those imports, `.Fatal` when it imports log (a *log.Logger), and the
    names of the package's exit helpers."""
    found = [f"{name}.Exit(".encode() if path == "os" else f"{name}.Fatal".encode()
             for name, path in ctx.imports.items() if path in _BY_IMPORT]
    if "log" in ctx.imports.values():
        found.append(b".Fatal")
    found.extend(name.encode() + b"(" for _, name in exit_helpers(ctx))
    found.extend(f"{imported}.{name}(".encode()
                 for imported, (_, helpers) in module_helpers(ctx).items() for name in helpers)
    return found


def _in_function(ctx: FileContext, function, defers) -> list[Finding]:
    body = function.child_by_field_name("body")
    calls = [(node, shape) for node in _named_calls(ctx, body)
             if node.parent is not None and node.parent.type == "expression_statement"
             and (shape := _shape(ctx, node))]
    if not calls:
        return []
    flow = ctx.flow(body)
    entered = {d.id: _entered(flow, d) for d in defers}
    findings = []
    for call, shape in calls:
        skipped = [d for d in defers if any(within(call, n) for n in entered[d.id])]
        if not skipped:
            continue
        why = _exits(ctx, call, shape)
        if why:
            findings.append(_finding(ctx, call, why, skipped))
    return findings


def _named_calls(ctx: FileContext, body) -> list:
    """The calls of the function whose body is `body` (not those of nested func literals), in
    order, that `_shape` may take: a callee named Exit or Fatal* (`x.Exit(…)`), or named as
    one of the package's exit helpers or of the exported ones of the module's packages it
    imports. Found from the names' bytes in the body's text and
    the tree at each, not by a walk over every node of the function."""
    names = {*_NAMES, *(name for _, name in exit_helpers(ctx)),
             *(name for _, helpers in module_helpers(ctx).values() for name in helpers)}
    found: dict[int, tree_sitter.Node] = {}
    start, end = body.start_byte, body.end_byte
    for name in names:
        needle = name.encode("utf-8", "surrogateescape")
        if not needle:
            continue
        at = ctx.src.find(needle, start, end)
        while at >= 0:
            node = body.descendant_for_byte_range(at, at + len(needle))
            if node is not None and node.start_byte == at \
                    and node.end_byte == at + len(needle) \
                    and node.type in ("identifier", "field_identifier"):
                call = _call_of_callee(node)
                if call is not None and enclosing_function(call) == body.parent:
                    found[call.start_byte] = call
            at = ctx.src.find(needle, at + 1, end)
    return [found[key] for key in sorted(found)]


def _call_of_callee(name) -> "tree_sitter.Node | None":
    """The call whose callee is the identifier `name` (`die(…)`) or the selector whose
    field it is (`os.Exit(…)`), else None."""
    function = name
    if name.type == "field_identifier":
        function = name.parent
        if function is None or function.type != "selector_expression" \
                or function.child_by_field_name("field") != name:
            return None
    call = function.parent
    if call is None or call.type != "call_expression" \
            or call.child_by_field_name("function") != function:
        return None
    return call


def _shape(ctx: FileContext, call) -> str:
    """What the call may be, from its text: "import" for `os.Exit(…)`/`log.Fatal*(…)` with
    an import of the file (unless a local shadows it: `_exits` asks), "logger" for another
    `X.Fatal*(…)` in a file that imports "log", "helper" for a call of a function or method
    whose name the package's exit helpers have, else ""."""
    function = call.child_by_field_name("function")
    if function is None:
        return ""
    if function.type == "selector_expression":
        name = ctx.text(function.child_by_field_name("field"))
        operand = function.child_by_field_name("operand")
        if operand.type == "identifier":
            path = ctx.imports.get(ctx.text(operand))
            if path in _BY_IMPORT and name in _BY_IMPORT[path]:
                return "import"
            if name in module_helpers(ctx).get(ctx.text(operand), ("", {}))[1]:
                return "module"
        if name in _NAMES and name != "Exit" and "log" in ctx.imports.values():
            return "logger"
        return "helper" if ("method", name) in exit_helpers(ctx) else ""
    if function.type == "identifier":
        return "helper" if ("func", ctx.text(function)) in exit_helpers(ctx) else ""
    return ""


def _exits(ctx: FileContext, call, shape: str) -> str:
    """What the call is, when it ends the program ("os.Exit ends the program at once", "die
    calls os.Exit (helpers.go:12) on every path, …"), else ""."""
    function = call.child_by_field_name("function")
    if shape in ("import", "logger"):
        operand = function.child_by_field_name("operand")
        name = ctx.text(function.child_by_field_name("field"))
        if _std_call(ctx, operand, name):
            # The import the name resolves to, no local shadowing it: what go/types says.
            path = ctx.imports[ctx.text(operand)]
            return f"{path}.{name} (the file's import of \"{path}\") ends the program at once"
        logger = _logger(ctx, operand) if name != "Exit" else "no"
        if logger == "no":
            return ""
        if logger == "yes":   # written as a *log.Logger: its Fatal is the Logger's
            return f"(*log.Logger).{name} ends the program at once"
    if shape == "module":
        return _module_exit(ctx, function)
    if shape == "helper" and function.type == "identifier" and ctx.answers.off is None:
        settled = _package_helper(ctx, function)
        if settled is not None:
            return settled
    answer = ctx.types.call(call)
    if not isinstance(answer, Call):
        return ""   # a Logger's Fatal or a helper is recognised only with go/types
    if answer.callee in _EXITS:
        return f"{answer.callee} ends the program at once"
    if shape != "helper" or answer.callee_kind not in ("func", "method") \
            or answer.callee_decl is None or answer.callee_decl.offset is None:
        return ""   # not the package's own function
    kind = "func" if answer.callee_kind == "func" else "method"
    return _helper_exit(ctx, function, (kind, answer.callee.rsplit(".", 1)[-1]),
                        ctx.types.bodies_of(answer))


def _helper_exit(ctx: FileContext, function, key: tuple[str, str], bodies) -> str:
    """Why a call of the package's helper `key` ends the program, when it is one and every
    body the call may reach (`bodies`) is verified; else ""."""
    where = exit_helpers(ctx).get(key)
    if where is None or not bodies or not all(
            _verified(other, body.parent) for other, body in bodies):
        return ""
    return f"{ctx.text(function)} calls {where} on every path, which ends the program at once"


def _package_helper(ctx: FileContext, function) -> str | None:
    """`die(…)` where no local shadows `die` and the package's function `die` is an exit
    helper: what go/types would say is certain (an identifier that is no local names the
    package's declaration; the package's bodies of that name are those go/types' callee
    has), so it is not asked, which would type-check the package. None (ask) for a local,
    and in package os or log, whose own Exit or Fatal go/types names otherwise. Only where
    types are on: without them a helper is not a finding (the fallback)."""
    sc = ctx.scopes(function)
    if sc is None or sc.resolve(function) is not None or ctx.package.name in ("os", "log"):
        return None
    name = ctx.text(function)
    return _helper_exit(ctx, function, ("func", name), ctx.package.bodies(name))


def _module_exit(ctx: FileContext, function) -> str:
    """`pkg.F(…)` where pkg is the file's import of another package of the module (no local
    shadows the name: then it is that import, as for os.Exit) and F one of that package's
    exit helpers."""
    operand = function.child_by_field_name("operand")
    name = ctx.text(function.child_by_field_name("field"))
    path, helpers = module_helpers(ctx).get(ctx.text(operand), ("", {}))
    if name not in helpers or _import_path(ctx, operand) != path:
        return ""
    return f"{ctx.text(function)} calls {helpers[name]} in {path} on every path, which ends " \
           f"the program at once"


def _logger(ctx: FileContext, operand) -> str:
    """Whether `operand.Fatal…(…)` is a *log.Logger's method: "yes" when its written type is
    *log.Logger (or log.Logger), "maybe" (worth asking go/types) or "no". Maybe when the
    file imports "log" (a Logger reached without it is not looked for), and the operand's
    written type is not another package's (`t *testing.T`, a field `s.t` of type *testing.T). Asking would
    type-check the package, which every test package would pay for its t.Fatal calls."""
    log_names = {name for name, path in ctx.imports.items() if path == "log"}
    if not log_names or operand is None:
        return "no"
    sc = ctx.scopes(operand)
    if sc is None:
        return "no"
    if operand.type == "identifier" and sc.resolve(operand) is None \
            and ctx.text(operand) in ctx.imports:
        return "no"   # another package's function (`base.Fatalf`: `module_helpers`)
    written = ctx.types.of(sc, operand)   # a local's, a field's of the file's structs, …
    if not written:
        return "maybe"   # a call's result, a field of a struct declared elsewhere
    if written.lstrip("*").replace(" ", "") in {f"{name}.Logger" for name in log_names}:
        return "yes"
    qualifier = written.lstrip("*").split(".", 1)[0] if "." in written else ""
    return "no" if qualifier and qualifier not in log_names else "maybe"


def _std_call(ctx: FileContext, operand, name: str) -> bool:
    """`operand.name` is os.Exit or log.Fatal* by the file's imports: operand is an import
    name of "os" or "log" that no local declaration shadows."""
    path = _import_path(ctx, operand)
    return path in _BY_IMPORT and name in _BY_IMPORT[path]


def _import_path(ctx: FileContext, operand) -> str | None:
    """The import path `operand` names: an import name of the file that no local
    declaration shadows (Go's scopes: then it is that import, whatever go/types would be
    asked); else None."""
    if operand is None or operand.type != "identifier":
        return None
    path = ctx.imports.get(ctx.text(operand))
    if path is None:
        return None
    if ctx.declares_no_local(operand):
        return path   # every `os` of the function is `os.…`: no scope analysis needed
    sc = ctx.scopes(operand)
    return path if sc is not None and sc.resolve(operand) is None else None


def _finding(ctx: FileContext, call, why: str, skipped) -> Finding:
    code = brief(ctx.src, call)
    named = ", ".join(f"{brief(ctx.src, d, 50)} (line {d.start_point.row + 1})"
                      for d in skipped)
    count = "the deferred call" if len(skipped) == 1 else f"the {len(skipped)} deferred calls"
    return ctx.finding(
        RULE.id, call,
        f"{code} ends the program without running {count} registered before it: {named}",
        ctx.fix(Applicability.NONE, "report only",
                reason=f"{why}, so no deferred call runs; whether to do the work "
                       f"in a function that returns (and exit after it) or to clean up "
                       f"before exiting is the author's choice"))


# --- which defers may have run before a call ---------------------------------------------------

def reaches(flow: Flow, defer_stmt: tree_sitter.Node, target: tree_sitter.Node) -> bool:
    """Whether some path of the function runs `target` (a node at the function's level)
    after `defer_stmt` (a statement of it)."""
    return any(within(target, node) for node in _entered(flow, defer_stmt))


def _entered(flow: Flow, defer_stmt: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The statements some path of the function enters after `defer_stmt` (everything in
    them may run): forward over the statements that follow, into the targets of break,
    continue and goto, and around loops (the next iteration runs the whole body again).
    Conditions are not evaluated: every branch may be taken."""
    entered: list[tree_sitter.Node] = []
    pending: list[tuple[str, tree_sitter.Node]] = [("after", defer_stmt)]
    seen: set[tuple[str, int]] = set()
    while pending:
        how, node = pending.pop()
        if (how, node.id) in seen:
            continue
        seen.add((how, node.id))
        if how == "enter":
            entered.append(node)
            for branch in flow.branches(node):
                goal = flow.target(branch)
                if branch.type == "return_statement" or goal is None:
                    continue
                if branch.type == "goto_statement":
                    if not strictly_within(goal, node):
                        pending.append(("enter", goal))
                elif within(goal, node):
                    continue   # a break or continue of a construct inside node
                elif branch.type == "continue_statement":
                    pending.append(("enter", goal))   # the next iteration of an outer loop
                else:
                    pending.append(("after", goal))
            if flow.falls(node):
                pending.append(("after", node))
            continue
        parent = node.parent
        if parent is None or parent.type in FUNCTION_KINDS:
            continue   # the function returns
        if parent.type == "block" or parent.type in CLAUSES:
            siblings = statements(parent)
            index = next((i for i, s in enumerate(siblings) if s == node), None)
            if index is not None and index + 1 < len(siblings):
                pending.append(("enter", siblings[index + 1]))
                continue
            if node.type == "fallthrough_statement" and parent.type in CLAUSES:
                clauses = [c for c in parent.parent.named_children if c.type in CLAUSES]
                at = clauses.index(parent) if parent in clauses else -1
                if 0 <= at < len(clauses) - 1:
                    pending.append(("enter", clauses[at + 1]))
                    continue
            pending.append(("after", parent))
        elif parent.type == "for_statement":
            pending.append(("enter", parent))   # the next iteration, or out of the loop
        else:
            pending.append(("after", parent))
    return entered


# --- the package's functions that never return ---------------------------------------------------

def exit_helpers(ctx: FileContext) -> dict[tuple[str, str], str]:
    """The package's functions and methods ("func"/"method", name) every path of which ends
    in a call of os.Exit or log.Fatal* (by the imports of their file) or of another of them,
    with where the first such call is (`os.Exit at helpers.go:12`). A name counts only when
    every declaration of it in the package is one (build variants, methods of several
    types). Looked for in the files with a function that ends in os.Exit or log.Fatal* (see
    _BASE), then in those with one that ends in a call of a helper found so far."""
    return ctx._cached("exit-helpers", lambda: _shared_exit_helpers(ctx))


def _shared_exit_helpers(ctx: FileContext) -> dict[tuple[str, str], str]:
    """Once per directory, package and language version when the file's text is the one on
    disk (every file of the package asks the same); for a text of its own (a fix pass, stdin),
    with that text."""
    directory = ctx.package.directory
    if not ctx.package.text_on_disk:
        return _exit_helpers(ctx)
    key = ("exit-helpers", ctx.package.name, ctx.go_version)
    if key not in directory.memo:
        directory.memo[key] = _exit_helpers(ctx)   # its text is the disk's: the same answer
    return directory.memo[key]


def module_helpers(ctx: FileContext) -> dict[str, tuple[str, dict[str, str]]]:
    """For each import name of the file that names another package of its own module
    (`Package.module_directory`): its path and that package's exported exit helper
    functions, found as `exit_helpers` finds the package's own, over its files that are not
    tests (name -> where its exit is). Only the imports that have one."""
    return ctx._cached("module-exit-helpers", lambda: _module_helpers(ctx))


def _module_helpers(ctx: FileContext) -> dict[str, tuple[str, dict[str, str]]]:
    found = {}
    shared = ctx.package.directory.shared
    for imported, path in ctx.imports.items():
        directory = ctx.package.module_directory(path)
        if directory is None:
            continue
        key = ("exit-helpers-exported", directory.path, ctx.go_version)
        if key not in shared:
            shared[key] = _imported_helpers(directory, ctx.go_version)
        if shared[key]:
            found[imported] = (path, shared[key])
    return found


def _imported_helpers(directory, go_version) -> dict[str, str]:
    """The exported exit helper functions of the package in `directory`."""
    sources = [source for path in directory.go_files() if not path.endswith("_test.go")
               and (source := directory.file(path)) is not None]
    first = next((source for source in sources if _may_end_in_exit(source.src)), None)
    if first is None:
        return {}
    return {name: where for (kind, name), where
            in _exit_helpers(directory.context(first, go_version)).items()
            if kind == "func" and name[:1].isupper()}


# The bytes of a gofmt-ed function that ends in a call of os.Exit or log.Fatal*: as its last
# statement, on a line of its own or on the function's one line, or as the last statement of
# the else branch or the default case (two tabs in) that ends it. A file with none declares
# no helper of its own, and is not parsed: a helper written otherwise (not gofmt-ed, nested
# deeper, with an import renamed to a name that does not end in os or log) is not looked
# for. TestMain and main are never called by the package's code: not counted.
_EXIT_CALL = rb"\w*(?:os\.Exit|log\.Fatal\w*)"


def _ending(call: bytes) -> re.Pattern[bytes]:
    return re.compile(
        rb"^\t" + call + rb"\([^\n]*\n\}"
        + rb"|^func [^\n]*\{[^\n]*(?<!\w)" + call + rb"\([^\n]*\}[ \t\r]*$"
        + rb"|^\t(?:\} else \{|default:)\r?\n(?:\t\t[^\n]*\n)*?\t\t" + call
        + rb"\([^\n]*\n\t\}\r?\n\}", re.MULTILINE)


_BASE = _ending(_EXIT_CALL)


def _may_end_in_exit(src: bytes) -> bool:
    return (b"os.Exit(" in src or b"log.Fatal" in src) and _ends_in(_BASE, src)


def _ends_in(pattern: re.Pattern[bytes], src: bytes) -> bool:
    """Whether a function of `src` other than TestMain and main matches `pattern`."""
    for match in pattern.finditer(src):
        header = src.rfind(b"\nfunc ", 0, match.start() + 1) + 1
        if not src.startswith((b"func TestMain(", b"func main("), header):
            return True
    return False


def _ends_in_call(names: list[str]) -> re.Pattern[bytes]:
    """Like _BASE, for a function that ends in a call of one of `names`."""
    return _ending(rb"(?:[\w.]*\.)?(?:" + b"|".join(re.escape(n.encode()) for n in names)
                   + rb")")


def _exit_helpers(ctx: FileContext) -> dict[tuple[str, str], str]:
    # Siblings are parsed only when a round takes them (directory.context parses).
    sources = [(ctx.path, ctx.src, None)] + [(s.path, s.src, s) for s in ctx.package.siblings()]
    batch = [(path, sibling) for path, src, sibling in sources if _may_end_in_exit(src)]
    if not batch:
        return {}

    def context(sibling) -> FileContext:
        return ctx if sibling is None else \
            ctx.package.directory.context(sibling, ctx.go_version)
    # (kind, name) -> [(file, declaration, its ending calls or None)]
    specs: dict[tuple[str, str], list] = {}
    scanned: set[str] = set()
    helpers: dict[tuple[str, str], str] = {}
    while batch:
        for path, sibling in batch:
            scanned.add(path)
            other = context(sibling)
            for key, entries in _file_specs(other).items():
                specs.setdefault(key, []).extend((other, decl, ends) for decl, ends in entries)
        found = _settle(specs)
        new = [key for key in found if key not in helpers]
        helpers = found
        names = [name for _, name in new]
        pattern = _ends_in_call(names) if names else None
        batch = [(path, sibling) for path, src, sibling in sources
                 if pattern is not None and path not in scanned
                 and any(name.encode() in src for name in names) and _ends_in(pattern, src)]
    # Every declaration of a name in the package must be one: a variant in a file not
    # scanned (it holds no exit and calls no helper) is not.
    return {key: where for key, where in helpers.items()
            if len(ctx.package.functions(key[1], method=key[0] == "method"))
            == len(specs.get(key, []))}


def _settle(specs: dict[tuple[str, str], list]) -> dict[tuple[str, str], str]:
    """The names all of whose declarations end every path in an exit or a call of such a
    name: first over the ending calls alone, then each declaration so found is checked in
    full (`_verified`: no return, goto or panic, no local shadowing a callee), and the names
    settled again without those that fail."""
    failed: set[int] = set()
    while True:
        helpers = _fixpoint(specs, failed)
        bad = [decl.id for key in helpers for other, decl, ends in specs[key]
               if decl.id not in failed and not _verified(other, decl)]
        if not bad:
            return helpers
        failed.update(bad)


def _fixpoint(specs: dict[tuple[str, str], list], failed: set[int]) -> dict[tuple[str, str], str]:
    helpers: dict[tuple[str, str], str] = {}
    changed = True
    while changed:
        changed = False
        for key, declarations in specs.items():
            if key in helpers or any(ends is None or decl.id in failed
                                     for _, decl, ends in declarations):
                continue
            where = ""
            ok = True
            for _, _, ends in declarations:
                for end in ends:
                    if end[0] == "exit":
                        where = where or end[1]
                    elif (end[0], end[1]) in helpers:
                        where = where or helpers[(end[0], end[1])]
                    else:
                        ok = False
                        break
                if not ok:
                    break
            if ok:
                helpers[key] = where
                changed = True
    return helpers


def _file_specs(other: FileContext) -> dict[tuple[str, str], list]:
    """For each function and method name the file declares: [(declaration, the calls that
    end its paths, or None when a path ends otherwise)], each call as ("exit", "os.Exit
    (f.go:12)", call) or ("func"/"method", name, call); once per file."""
    def compute() -> dict[tuple[str, str], list]:
        found: dict[tuple[str, str], list] = {}
        for decl in other.root.named_children:
            if decl.type not in ("function_declaration", "method_declaration"):
                continue
            name = decl.child_by_field_name("name")
            if name is None or decl.child_by_field_name("body") is None:
                continue
            key = ("func" if decl.type == "function_declaration" else "method", other.text(name))
            found.setdefault(key, []).append((decl, _ending_spec(other, decl)))
        return found
    return other._cached("exit-helper-specs", compute)


def _ending_spec(other: FileContext, decl: tree_sitter.Node) -> list | None:
    """The calls that end every path of the declaration's body, classified (see
    _file_specs), or None; from the statements' shape only (`_verified` checks the rest)."""
    body = decl.child_by_field_name("body")
    ends = _ending_calls(other, decl, statements(body)) if body is not None else None
    if ends is None:
        return None
    spec = []
    for call in ends:
        function = call.child_by_field_name("function")
        if function.type == "identifier":
            spec.append(("func", other.text(function), call))
            continue
        if function.type != "selector_expression":
            return None
        operand = function.child_by_field_name("operand")
        name = other.text(function.child_by_field_name("field"))
        path = other.imports.get(other.text(operand)) if operand.type == "identifier" else None
        if path in _BY_IMPORT and name in _BY_IMPORT[path]:
            spec.append(("exit", f"{path}.{name} ({os.path.basename(other.path)}:"
                                 f"{call.start_point.row + 1})", call))
        elif path is not None:
            return None   # another package's function
        else:
            spec.append(("method", name, call))
    return spec


def _verified(other: FileContext, decl: tree_sitter.Node) -> bool:
    """No path of the declaration returns, jumps or panics, and its ending calls name what
    their spec says (no local shadows the function or the import)."""
    return other._cached(("exit-helper-verified", decl.id), lambda: _verify(other, decl))


def _verify(other: FileContext, decl: tree_sitter.Node) -> bool:
    body = decl.child_by_field_name("body")
    spec = _ending_spec(other, decl)
    if body is None or spec is None:
        return False
    for node in function_level(body):
        if node.type in ("return_statement", "goto_statement") or node.type == "call_expression" \
                and other.text(node.child_by_field_name("function")) == "panic":
            return False   # a path that returns, or jumps where we do not follow, or panics
    sc = other.scopes(body)
    for kind, _, call in spec:
        function = call.child_by_field_name("function")
        if kind == "func" and (sc is None or sc.resolve(function) is not None):
            return False
        if kind == "exit" and not _std_call(other, function.child_by_field_name("operand"),
                                            other.text(function.child_by_field_name("field"))):
            return False
    return True


def _ending_calls(other: FileContext, decl, stmts: list) -> list | None:
    """The call statements that end every path of a statement list (where no path
    returns), or None when a path may end otherwise (falls off the end, loops forever)."""
    stmts = [s for s in stmts if s.type != "empty_statement"]
    if not stmts:
        return None
    last = stmts[-1]
    kind = last.type
    if kind == "expression_statement":
        call = last.named_children[0] if last.named_children else None
        return [call] if call is not None and call.type == "call_expression" else None
    if kind == "block":
        return _ending_calls(other, decl, statements(last))
    if kind == "labeled_statement":
        inner = last.child_by_field_name("statement")
        return _ending_calls(other, decl, [inner]) if inner is not None else None
    if kind == "if_statement":
        # An else-if chain, one link after another (a generated chain may be thousands long).
        found = []
        while last.type == "if_statement":
            consequence = last.child_by_field_name("body")
            alternative = last.child_by_field_name("else")
            ends = _ending_calls(other, decl, [consequence]) \
                if consequence is not None and alternative is not None else None
            if ends is None:
                return None
            found.extend(ends)
            last = alternative
        ends = _ending_calls(other, decl, [last])
        return found + ends if ends is not None else None
    if kind in ("expression_switch_statement", "type_switch_statement", "select_statement"):
        clauses = [c for c in last.named_children if c.type in CLAUSES]
        if kind != "select_statement" and not any(
                c.type == "default_case" or c.children and c.children[0].type == "default"
                for c in clauses):
            return None
        found = []
        for clause in clauses:
            body = statements(clause)
            if body and body[-1].type == "fallthrough_statement":
                continue
            ends = _ending_calls(other, decl, body)
            if ends is None:
                return None
            found.extend(ends)
        if Flow(decl, other.src).breaks_out_of(last):
            return None   # a break leaves the switch: that path ends after it
        return found
    return None
