"""loopvar-capture: a deferred or concurrent closure that reads a loop variable all iterations share.

Before Go 1.22 a variable declared by a loop header with `:=` is one variable for the whole
loop, and a variable declared outside the loop and assigned by its header (`for i = 0; …`,
`for k, v = range`) is shared in every Go version. A `defer`, `go`, errgroup-style `g.Go` or
parallel `t.Run` closure that reads it runs after the iteration has moved on, so it sees a later
value: deferred prints of `i` show `3 3 3`, not `2 1 0`. Every position in the loop body counts
(go vet's loopclosure only looks at the last statement). The fix passes the variable to the
literal as an argument with its written type (`defer func(i int) {…}(i)`), or inserts the copy
`i := i` before the statement when the type is not visible or the callee's signature is fixed.
It is safe when nothing changes the variable after the statement: no later write in the
iteration, no write that an inner loop, a goto or (for a variable declared outside the loop) an
enclosing loop runs again, no write from another closure, no `&i`, method value or slice of
its array that could write it later, no `defer i.M()`: then the value at the statement is the
value Go 1.22's per-iteration semantics would give the closure. A closure that itself writes
the variable or takes its address is never safe: today every iteration's closure shares the
variable and sees that change, so giving each its own copy changes more than the defect.

go/types decides what the syntax can only guess: `g.Go`/`t.Run` are findings for
`(*errgroup.Group).Go`, `(*sync.WaitGroup).Go` (and conc's pools) and `(*testing.T).Run`, or a
method whose body does more with its func parameter than call it there and then; another
type that runs the function at once is no finding (without types the name decides). A
package-level variable a loop header assigns is found too (its fix is never safe: other code
shares it). And a method called on the captured variable writes it only with a pointer
receiver: a value method, an interface method or a func field writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from codemod.analysis.gotypes import Call, Ident
from codemod.analysis.locks import is_assigned
from codemod.analysis.syntax import called_selector
from codemod.analysis.types import untyped
from codemod.context import FileContext, Rule, parameters_extendable
from codemod.goversion import format_version
from codemod.model import Applicability, Edit, Finding
from codemod.parsing import ancestors, enclosing_loops, parse
from codemod.analysis.scopes import Access, Scopes, Use, Variable

RULE = Rule(
    id="loopvar-capture",
    summary="a defer/go/g.Go/parallel t.Run closure reads a loop variable shared by all "
            "iterations",
    fixes=("safe", "unsafe", "none"),
    explain="""\
Finds a func literal run by `defer`, `go`, an errgroup-style `g.Go(func…)` or a `t.Run`
subtest that calls `t.Parallel()`, inside a loop, that reads a loop variable which all
iterations share: one declared by the loop header with `:=` in a file whose Go version is
below 1.22, or one declared outside the loop and assigned by the header (`for i = 0; …`,
`for k, v = range m`, also a package-level variable), in any Go version. g.Go and t.Run are
recognised by type: errgroup.Group, sync.WaitGroup, *testing.T, or a method that keeps or
starts its function rather than calling it at once. The closure runs after the iteration, so it sees a
later value: deferred calls all see the last one. Unlike go vet's loopclosure, any position
in the loop body counts, not only the last statement.

Before (go 1.21):
    for i := 0; i < 3; i++ {
        defer func() { fmt.Println(i) }()
    }
    // prints 3 3 3

After:
    for i := 0; i < 3; i++ {
        defer func(i int) { fmt.Println(i) }(i)
    }
    // prints 2 1 0

When the variable's type is not written in the source (`for _, v := range load()`), or the
callee's signature is fixed (`g.Go`, `t.Run`), the fix inserts `v := v` before the statement.

Safe: the closure never writes the variable or takes its address, and nothing changes the
variable after the statement in the iteration (or later, for a variable declared outside the
loop).
Unsafe: the variable is package-level (other code shares it); the closure itself writes the
variable, takes its address or calls a method that may write it (a pointer method; without
types any method of a named type) (the closures of all iterations share it and see that change; with a copy each keeps
its own), or the iteration may change the variable after the statement (a later write; a
write an inner loop, an enclosing loop or a goto runs again; &i, a method value or a slice of
its array taken anywhere; `defer i.M()`); passing a copy is probably meant, but those changes
no longer reach the closures (or the loop).
Report-only: a later write with the copy form (the copy would take the write away from the
loop), or a fix that cannot be written (an unnamed or variadic parameter list, a statement
that does not start its line).
Not a finding: Go 1.22+ `:=` loop variables (per-iteration), `defer f(i)` (arguments are
evaluated at the defer), a literal that already receives the variable as an argument, a
`.Go`/`.Run` of a type that runs the function at once.
""",
    needles=(b"defer", b"go func", b".Go(func", b".Parallel()"),
)

_CLOSURES = """
(defer_statement call: (call_expression function: (function_literal) @literal)) @defer
(go_statement call: (call_expression function: (function_literal) @literal)) @go
((call_expression
   function: (selector_expression operand: (_) @receiver field: (field_identifier) @method)
   arguments: (arguments (function_literal) @literal)) @call
 (#match? @method "^(Go|Run)$"))
"""

_WAITS = """
(call_expression function: (selector_expression field: (field_identifier) @m)
 (#eq? @m "Wait")) @wait
(unary_expression operator: "<-") @wait
(select_statement) @wait
"""

_PARALLEL = """
((call_expression function: (selector_expression operand: (identifier) @t
   field: (field_identifier) @m)) @call (#eq? @m "Parallel"))
"""

_RANK = {Applicability.SAFE: 0, Applicability.UNSAFE: 1, Applicability.NONE: 2}


@dataclass
class Closure:
    statement: Node      # the statement the fix's copy goes before (defer, go, or call's)
    literal: Node
    kind: str            # "defer", "go", "group", "subtest"
    label: str           # how the message names it
    call: Node           # the call_expression whose function or argument is the literal


@dataclass
class Shared:
    var: Variable
    loop: Node
    why: str
    uses: list[Use]      # the closure's uses of the variable


def find(ctx: FileContext) -> list[Finding]:
    if b"for" not in ctx.src or b"func" not in ctx.src:
        return []
    findings = []
    copies: dict[int, list[tuple[Applicability, Edit, list[str]]]] = {}  # statement -> copies
    for closure in _closures(ctx):
        loops = enclosing_loops(closure.call)
        if not loops or not _mentions_a_header_name(ctx, closure.literal, loops):
            continue
        if ctx.loopvar_per_iteration and not any(_header_assigns(ctx, loop) for loop in loops):
            continue  # Go 1.22+: only a variable a loop header assigns (not declares) is shared
        sc = ctx.scopes(closure.call)
        shared = _shared_variables(ctx, sc, closure, loops)
        package_level = _package_level(ctx, sc, closure, loops)
        if not shared and not package_level:
            continue  # nothing shared: what runs the function, and when, changes nothing
        if closure.kind in ("group", "subtest") and not _runs_later(
                ctx, closure.call, _GO_RUNNERS if closure.kind == "group" else _SUBTEST_RUNNERS):
            continue  # by go/types, another type's method that runs the function at once
        if shared:
            findings.append(_finding(ctx, sc, closure, loops, shared, copies))
        findings.extend(package_level)
    return findings


def _header_assigns(ctx: FileContext, loop: Node) -> bool:
    """The loop's header may set a whole variable it does not declare: `for k, v = range m`,
    `for i = 0; …`, `for ; …; n++`, or a func literal in it may."""
    if b"func" in ctx.src[loop.start_byte:_header_end(loop)]:
        return True   # a func literal in the header may assign anything
    clause = next((c for c in loop.named_children
                   if c.type in ("for_clause", "range_clause")), None)
    if clause is None:
        return False
    if clause.type == "range_clause":
        return any(c.type == "=" for c in clause.children)
    init = clause.child_by_field_name("init_statement")
    declared = {ctx.text(n) for n in init.child_by_field_name("left").named_children} \
        if init is not None and init.type == "short_var_declaration" else set()
    for write in (init, clause.child_by_field_name("post_statement")):
        if write is None or write.type not in ("assignment", "inc_dec_statement"):
            continue
        targets = write.child_by_field_name("left").named_children \
            if write.type == "assignment" else [write.child_by_field_name("operand")]
        for target in targets:
            while target is not None and target.type == "parenthesized_expression":
                target = target.named_children[0] if target.named_children else None
            if target is not None and target.type == "identifier" \
                    and ctx.text(target) not in declared:
                return True
    return False


_WORD = re.compile(r"[^\W\d]\w*")


def _mentions_a_header_name(ctx: FileContext, literal: Node, loops: list[Node]) -> bool:
    """Whether the closure's text holds a word of an enclosing loop's header: a variable
    the iterations share is declared or assigned there, and the closure names it. When not,
    there is nothing to find, and the scope analysis is spared."""
    words: set[str] = set()
    for loop in loops:
        header = ctx.src[loop.start_byte:_header_end(loop)]
        words.update(_WORD.findall(header.decode("utf-8", "surrogateescape")))
    words -= {"for", "range"}
    if not words:
        return False
    text = ctx.src[literal.start_byte:literal.end_byte].decode("utf-8", "surrogateescape")
    return any(word in words for word in _WORD.findall(text))


def _closures(ctx: FileContext) -> list[Closure]:
    found = []
    for match in ctx.matches(_CLOSURES):
        literal = match["literal"][0]
        if "defer" in match or "go" in match:
            kind = "defer" if "defer" in match else "go"
            statement = match[kind][0]
            found.append(Closure(statement, literal, kind,
                                 "deferred closure" if kind == "defer" else "goroutine",
                                 literal.parent))
            continue
        closure = _method_closure(ctx, match["call"][0], match["receiver"][0],
                                  ctx.text(match["method"][0]), literal)
        if closure is not None:
            found.append(closure)
    return found


def _method_closure(ctx: FileContext, call: Node, receiver: Node, method: str,
                    literal: Node) -> Closure | None:
    """`g.Go(func…)` with the literal as its only argument, or `t.Run(name, func(t) {
    t.Parallel(); … })`."""
    args = [a for a in call.child_by_field_name("arguments").named_children
            if a.type != "comment"]
    statement = _statement_of(call)
    if statement is None:
        return None
    if method == "Go" and args == [literal]:
        return Closure(statement, literal, "group",
                       f"closure passed to {ctx.text(receiver)}.Go", call)
    if method == "Run" and len(args) == 2 and args[1] == literal and _calls_parallel(ctx, literal):
        return Closure(statement, literal, "subtest", "parallel subtest", call)
    return None


# Methods that run their func argument in a new goroutine, and the subtest runner whose
# function waits for its parent when it calls t.Parallel().
_GO_RUNNERS = frozenset({"(*golang.org/x/sync/errgroup.Group).Go", "(*sync.WaitGroup).Go",
                         "(*github.com/sourcegraph/conc.WaitGroup).Go",
                         "(*github.com/sourcegraph/conc/pool.Pool).Go",
                         "(*github.com/sourcegraph/conc/pool.ErrorPool).Go",
                         "(*github.com/sourcegraph/conc/pool.ContextPool).Go"})
_SUBTEST_RUNNERS = frozenset({"(*testing.T).Run"})


def _runs_later(ctx: FileContext, call: Node, runners: frozenset[str]) -> bool:
    """Whether `x.Go(func…)` / `t.Run(…)` may run the literal after the iteration. By
    go/types: the callee is one of `runners`, or a method whose body (in this package, or in
    the source file export data names) does anything with its func parameter but call it
    then and there (store it, start it as a goroutine, hand it on); a method that runs the
    function at once is no finding. A body that cannot be read may run it later. Without
    types, the method's name is all there is: it may be one of them."""
    answer = ctx.types.call(call)
    if not isinstance(answer, Call):
        return True
    if answer.callee in runners:
        return True
    if answer.callee_kind != "method" or answer.callee_decl is None:
        return answer.callee_kind != "method"
    if answer.callee_decl.offset is not None:
        bodies = [(other.src, body) for other, body in ctx.types.bodies_of(answer)]
    else:
        bodies = _exported_body(answer)
    return not bodies or not all(_calls_its_func_at_once(src, body) for src, body in bodies)


def _exported_body(callee: Call) -> list[tuple[bytes, Node]]:
    """The body of another package's method, from the source file and line export data
    records for it (the module cache, GOROOT), when that file can be read."""
    decl = callee.callee_decl
    if decl is None or not decl.file or decl.line is None:
        return []
    try:
        with open(decl.file, "rb") as handle:
            src = handle.read()
    except OSError:
        return []
    name = callee.callee.rsplit(".", 1)[-1].encode()
    for node in parse(src).root_node.named_children:
        field = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if node.type == "method_declaration" and field is not None and body is not None \
                and src[field.start_byte:field.end_byte] == name \
                and field.start_point.row + 1 == decl.line:
            return [(src, body)]
    return []


def _calls_its_func_at_once(src: bytes, body: Node) -> bool:
    """The method's func-typed parameters are only called, directly in its body: not stored,
    handed on, started with go or deferred, nor called from a nested func literal."""
    decl = body.parent
    params = decl.child_by_field_name("parameters") if decl is not None else None
    names = {src[n.start_byte:n.end_byte] for p in (params.named_children if params else ())
             if p.type in ("parameter_declaration", "variadic_parameter_declaration")
             and (t := p.child_by_field_name("type")) is not None and t.type == "function_type"
             for n in p.children_by_field_name("name")}
    if not names:
        return False
    stack = [body]
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        if node.type != "identifier" or src[node.start_byte:node.end_byte] not in names:
            continue
        call = node.parent
        if call is None or call.type != "call_expression" \
                or call.child_by_field_name("function") != node:
            return False          # stored, handed on, compared…
        for ancestor in ancestors(call):
            if ancestor == body:
                break
            if ancestor.type in ("go_statement", "defer_statement", "function_literal"):
                return False
    return True


def _calls_parallel(ctx: FileContext, literal: Node) -> bool:
    params = literal.child_by_field_name("parameters")
    names = [n for p in params.named_children for n in p.children_by_field_name("name")]
    if not names:
        return False
    first = ctx.text(names[0])
    body = literal.child_by_field_name("body")
    return any(ctx.text(m["t"][0]) == first for m in ctx.matches(_PARALLEL, body))


def _statement_of(node: Node) -> Node | None:
    """The statement holding `node` that is a direct child of a block or case clause."""
    while node.parent is not None:
        if node.parent.type in ("block", "expression_case_clause", "type_case_clause",
                                "communication_clause", "default_case"):
            return node
        if node.parent.type in ("function_literal", "function_declaration",
                                "method_declaration"):
            return None
        node = node.parent
    return None


def _shared_variables(ctx: FileContext, sc: Scopes, closure: Closure,
                      loops: list[Node]) -> list[Shared]:
    shared = []
    for var, uses in sc.free_variables(closure.literal).items():
        if var.kind not in ("var", "param", "result", "receiver"):
            continue
        if not any(u.access & Access.READ and not u.access & Access.KEY for u in uses):
            continue  # written only, or only a possible struct-literal key
        sharing = _sharing_loop(ctx, sc, var, loops)
        if sharing is not None:
            shared.append(Shared(var, sharing[0], sharing[1], uses))
    return sorted(shared, key=lambda s: s.var.start)


def _sharing_loop(ctx: FileContext, sc: Scopes, var: Variable,
                  loops: list[Node]) -> tuple[Node, str] | None:
    """The enclosing loop whose iterations all share `var`, and why."""
    for loop in loops:
        if var.loop == loop:
            if ctx.loopvar_per_iteration:
                return None  # Go 1.22+: a fresh variable per iteration
            return loop, f"which all iterations share in Go {format_version(ctx.go_version)}"
        if not var.declared_within(loop) and _header_writes(var, loop):
            return loop, "assigned by the loop header and so shared by all iterations"
    return None


def _header_targets(ctx: FileContext, loop: Node) -> list[Node]:
    """The identifiers a loop's header assigns without declaring them: `for k, v = range m`,
    `for i = 0; …; i++`."""
    clause = next((c for c in loop.named_children
                   if c.type in ("for_clause", "range_clause")), None)
    if clause is None:
        return []
    targets: list[Node] = []
    if clause.type == "range_clause":
        left = clause.child_by_field_name("left")
        if left is not None and any(c.type == "=" for c in clause.children):
            targets = list(left.named_children) if left.type == "expression_list" else [left]
    else:
        for write in (clause.child_by_field_name("initializer"),
                      clause.child_by_field_name("init_statement"),
                      clause.child_by_field_name("update"),
                      clause.child_by_field_name("post_statement")):
            if write is None or write.type not in ("assignment", "inc_dec_statement"):
                continue
            left = write.child_by_field_name("left") if write.type == "assignment" else None
            targets += left.named_children if left is not None else \
                [c for c in write.named_children[:1]]
    found = []
    for target in targets:
        while target is not None and target.type == "parenthesized_expression":
            target = target.named_children[0] if target.named_children else None
        if target is not None and target.type == "identifier":
            found.append(target)
    return found


def _package_level(ctx: FileContext, sc: Scopes, closure: Closure,
                   loops: list[Node]) -> list[Finding]:
    """A package-level variable that an enclosing loop's header assigns and the closure
    reads (`for A = range s { go func() { println(A) }() }`): one variable for the whole
    program, so every iteration's closure reads the same one, in any Go version. go/types
    says the name is a package-level variable; without types, the package declaring a var
    of that name does."""
    reads: dict[str, Node] = {}
    for node in ctx.captures("(identifier) @id", closure.literal).get("id", []):
        if sc.resolve(node) is None and not is_assigned(node):
            reads.setdefault(ctx.text(node), node)
    findings = []
    seen: set[str] = set()
    for loop in loops:
        for target in _header_targets(ctx, loop):
            name = ctx.text(target)
            if name not in reads or name in seen or sc.resolve(target) is not None:
                continue
            answer = ctx.types.ident(target)
            if isinstance(answer, Ident):
                if answer.object != "var" or not answer.package_level:
                    continue
                type_text = answer.type.written if answer.type is not None else ""
            elif ctx.package.declarations.get(name) != "var":
                continue
            else:
                type_text = ctx.types.package_vars.get(name, "")
            seen.add(name)
            findings.append(_package_level_finding(ctx, sc, closure, loop, name, type_text,
                                                   answer))
    return findings


def _package_level_finding(ctx: FileContext, sc: Scopes, closure: Closure, loop: Node,
                           name: str, type_text: str, answer) -> Finding:
    tail = {"defer": "every deferred call sees its last value",
            "go": "it may see a later iteration's value",
            "group": "it may see a later iteration's value",
            "subtest": "it runs after the loop has moved on"}[closure.kind]
    message = (f"{closure.label} reads {name}, a package-level variable the loop header "
               f"(line {loop.start_point.row + 1}) assigns, so all iterations share it: {tail}")
    writes = [n for n in ctx.captures("(identifier) @id", closure.literal).get("id", [])
              if ctx.text(n) == name and sc.resolve(n) is None and is_assigned(n)]
    if writes:
        fix = ctx.fix(Applicability.NONE, "report only",
                      reason=f"the closure also writes {name} (line "
                             f"{writes[0].start_point.row + 1}), which a parameter would take "
                             f"away from the rest of the program")
    elif not _can_pass_arguments(closure) or not type_text \
            or _redeclared(sc, closure.literal, name):
        why = untyped(answer) if not isinstance(answer, Ident) else ""
        fix = ctx.fix(Applicability.NONE, "report only",
                      reason=f"{name} is a package-level variable: pass it to the closure as an "
                             f"argument where each iteration should see its own value"
                             + (f" (its type is not known: {why})" if why and not type_text
                                else ""))
    else:
        fix = ctx.fix(Applicability.UNSAFE, f"pass {name} as an argument",
                      _argument_edits(ctx, closure, [f"{name} {type_text}"], [name]),
                      reason=f"{name} is a package-level variable: the closure would read its "
                             f"value at the statement, while the functions it calls and other "
                             f"goroutines still see the shared {name}")
    return ctx.finding(RULE.id, closure.statement, message, fix)


def _header_end(loop: Node) -> int:
    body = loop.child_by_field_name("body")
    return body.start_byte if body is not None else loop.end_byte


def _header_writes(var: Variable, loop: Node) -> list[Use]:
    return [u for u in var.writes if loop.start_byte <= u.start < _header_end(loop)]


@dataclass
class Later:
    use: Use
    why: str     # "" (after the statement), "pointer", "deferred call", "closure",
                 # "inner loop", "enclosing loop", "goto", "arguments"

    def describe(self, ctx: FileContext, name: str) -> str:
        """Why the variable may change after the statement, as a clause."""
        line = self.use.line
        if self.why == "pointer":
            node = self.use.node
            while node.parent is not None and node.parent.type in ("selector_expression",
                                                                   "index_expression"):
                node = node.parent
            if self.use.how == "method value":
                return (f"{ctx.text(node)} (line {line}) may be a method value holding "
                        f"&{name}, so {name} may change through it after the statement")
            if self.use.how == "slice":
                return (f"slicing {name}'s array (line {line}) shares it, so {name} may "
                        f"change through the slice after the statement")
            return (f"&{name} is taken (line {line}), so {name} may change through that "
                    f"pointer after the statement")
        if self.why == "deferred call":
            statement = next((a for a in ancestors(self.use.node)
                              if a.type in ("defer_statement", "go_statement")), None)
            text = ctx.text(statement).split("\n")[0] if statement is not None else name
            return f"`{text}` (line {line}) may change {name} when it runs, after the statement"
        if self.why == "arguments":
            return (f"the call's arguments change {name} (line {line}); whether an argument "
                    f"{name} is read before or after that is not fixed by the language")
        where = {"": "", "closure": ", in a closure that may run later",
                 "inner loop": ", in an inner loop that runs it again",
                 "enclosing loop": ", in an enclosing loop that runs it again",
                 "goto": ", and a goto may run it again"}[self.why]
        return f"{name} may change after the statement (line {line}{where})"


def _later_changes(ctx: FileContext, sc: Scopes, shared: Shared, closure: Closure,
                   loops: list[Node]) -> list[Later]:
    """Changes of the variable that may happen after the statement, other than the loop's own
    advance and the closure's own writes."""
    literal, loop, var = closure.literal, shared.loop, shared.var
    inner_loops = loops[:loops.index(loop)]
    # A variable declared outside the loop: an enclosing loop (also one around the func
    # literal that holds this loop, up to the variable's function) runs its writes again.
    outer_loops = _loops_up_to(loop, var.function) if var.loop != loop else []
    jumps = _gotos(ctx, loop.child_by_field_name("body") if var.loop == loop
                   else var.function, var.function)
    found: list[Later] = []
    for use in var.uses:
        if not ctx.types.changes_value(sc, use):
            continue
        if literal.start_byte <= use.start < literal.end_byte:
            continue
        if use.access & Access.ADDR:
            found.append(Later(use, "pointer"))  # a pointer may write it at any later time
            continue
        if _deferred_call(use):
            found.append(Later(use, "deferred call"))  # `defer x.M()`: the method runs later
            continue
        if loop.start_byte <= use.start < _header_end(loop):
            continue
        in_statement = closure.statement.start_byte <= use.start < closure.statement.end_byte
        if in_statement and closure.kind in ("defer", "go") and use.function == var.function:
            found.append(Later(use, "arguments"))  # evaluated in an order Go leaves open
        elif use.start >= closure.statement.start_byte and not (
                in_statement and closure.kind in ("defer", "go")):
            found.append(Later(use, ""))
        elif use.function != var.function:
            found.append(Later(use, "closure"))  # in another closure, which may run later
        elif any(inner.start_byte <= use.start < inner.end_byte for inner in inner_loops):
            found.append(Later(use, "inner loop"))  # runs again after the statement
        elif not loop.start_byte <= use.start < loop.end_byte and any(
                outer.start_byte <= use.start < outer.end_byte for outer in outer_loops):
            found.append(Later(use, "enclosing loop"))  # runs again after the statement
        elif jumps:
            found.append(Later(use, "goto"))  # a goto may run it again after the statement
    return found


def _loops_up_to(loop: Node, function: Node) -> list[Node]:
    """The loops around `loop` (in whose body it is), across func literals, up to
    `function`."""
    found, child = [], loop
    for parent in ancestors(loop):
        if parent == function:
            break
        if parent.type == "for_statement" and parent.child_by_field_name("body") == child:
            found.append(parent)
        child = parent
    return found


def _gotos(ctx: FileContext, region: Node | None, function: Node) -> list[Node]:
    """The goto statements of `function` inside `region` (not those of nested literals)."""
    if region is None:
        return []
    return [g for g in ctx.captures("(goto_statement) @goto", region).get("goto", [])
            if _function_of(g) == function]


def _function_of(node: Node) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type not in ("function_literal", "function_declaration",
                                                     "method_declaration"):
        parent = parent.parent
    return parent


def _deferred_call(use: Use) -> bool:
    """`use` is the receiver of the method a defer or go statement calls."""
    if not use.access & Access.CALL:
        return False
    selector = called_selector(use.node)
    call = selector.parent if selector is not None else None
    while call is not None and call.type == "parenthesized_expression":
        call = call.parent
    return call is not None and call.type == "call_expression" \
        and call.parent is not None and call.parent.type in ("defer_statement", "go_statement")


def _names(shared: list[Shared]) -> str:
    names = [s.var.name for s in shared]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _finding(ctx: FileContext, sc: Scopes, closure: Closure, loops: list[Node],
             shared: list[Shared], copies: dict) -> Finding:
    noun = "variable" if len(shared) == 1 else "variables"
    message = f"{closure.label} reads loop {noun} {_names(shared)}, {shared[0].why}: "
    message += {
        "defer": "every deferred call sees its last value",
        "go": "it may see a later iteration's value",
        "group": "it may see a later iteration's value",
        "subtest": "it runs after the loop has moved on",
    }[closure.kind]
    wait = _wait_after(ctx, closure, shared[0].loop) if closure.kind == "go" else None
    if wait is not None:
        message += f"; a later statement in the iteration may wait for it ({wait})"
    fix = _fix(ctx, sc, closure, loops, shared, copies)
    return ctx.finding(RULE.id, closure.statement, message, fix)


def _wait_after(ctx: FileContext, closure: Closure, loop: Node) -> str | None:
    body = loop.child_by_field_name("body")
    for node in ctx.captures(_WAITS, body).get("wait", []):
        if node.start_byte >= closure.statement.end_byte:
            text = ctx.text(node).split("\n")[0]
            return text if len(text) <= 40 else text[:37] + "..."
    return None


def _fix(ctx: FileContext, sc: Scopes, closure: Closure, loops: list[Node],
         shared: list[Shared], copies_made: dict[int, list[tuple[Applicability, Edit, list[str]]]]):
    edits: list[Edit] = []
    applicability = Applicability.SAFE
    judged: list[tuple[Applicability, str]] = []
    passing = _can_pass_arguments(closure)
    params, args, copies, copied = [], [], [], []
    for item in shared:
        var = item.var
        if passing and var.type is not None and not _redeclared(sc, closure.literal, var.name) \
                and _type_means_the_same(sc, var, closure.literal):
            params.append(f"{var.name} {var.type.text}")
            args.append(var.name)
            form = "argument"
        else:
            copies.append(var.name)
            copied.append(item)
            form = "copy"
        level, reason = _judge(ctx, sc, closure, loops, item, form)
        judged.append((level, reason))
        if _RANK[level] > _RANK[applicability]:
            applicability = level
    if copies:
        copy_edit = _copy_edit(ctx, sc, closure, copied, copies_made)
        if copy_edit is None:
            return ctx.fix(Applicability.NONE, "report only",
                           reason=f"the copy {copies[0]} := {copies[0]} cannot be inserted "
                                  f"before this statement")
        edits.append(copy_edit)
        copies_made.setdefault(closure.statement.start_byte, []).append(
            (applicability, copy_edit, copies))
    if params:
        edits.extend(_argument_edits(ctx, closure, params, args))
    reason = _reason(shared, judged)
    if applicability is Applicability.NONE:
        return ctx.fix(Applicability.NONE, "report only", reason=reason)
    description = []
    if params:
        description.append("pass " + ", ".join(args) + " as an argument")
    if copies:
        description.append("copy " + ", ".join(f"{n} := {n}" for n in copies) + " per iteration")
    return ctx.fix(applicability, " and ".join(description), edits, reason=reason)


def _reason(shared: list[Shared], judged: list[tuple[Applicability, str]]) -> str:
    """The reasons against a safe fix, or why it is safe: one sentence for the variables
    that are only read, and the reasons of the others."""
    unsafe = [r for level, r in judged if level is not Applicability.SAFE]
    if unsafe:
        return "; ".join(unsafe)
    read = [s for s, (_, r) in zip(shared, judged) if r == s.var.name]
    others = [r for s, (_, r) in zip(shared, judged) if r != s.var.name]
    if not read:
        return "; ".join(others)
    pronoun = "it" if len(read) == 1 else "them"
    plural = "s" if len(read) > 1 else ""
    outcome = f"the value{plural} Go 1.22 would give it" \
        if all(r.var.loop == r.loop for r in read) \
        else f"the value{plural} of the iteration that ran the statement"
    sentence = (f"the closure only reads {_names(read)} and nothing changes {pronoun} after "
                f"the statement, so it gets {outcome}")
    return "; ".join([sentence] + others)


def _judge(ctx: FileContext, sc: Scopes, closure: Closure, loops: list[Node],
           item: Shared, form: str) -> tuple[Applicability, str]:
    name = item.var.name
    own = [u for u in item.uses if ctx.types.changes_value(sc, u)]
    later = _later_changes(ctx, sc, item, closure, loops)
    if later and form == "copy":
        return Applicability.NONE, (f"{later[0].describe(ctx, name)}; a copy {name} := {name} "
                                    f"would take that change away from the loop")
    sharers = _literals_after(item, closure) if form == "copy" and item.var.loop != item.loop \
        else []
    if sharers:
        return Applicability.UNSAFE, (
            f"the func literal at line {sharers[0].start_point.row + 1} also uses {name}, "
            f"declared outside the loop; after a copy {name} := {name} it would capture the "
            f"copy, not the shared {name}")
    pointers = [w for w in later if w.why == "pointer"]
    if pointers:
        return Applicability.UNSAFE, (f"{pointers[0].describe(ctx, name)}; the closure would "
                                      f"then see the value at the statement")
    if later:
        return Applicability.UNSAFE, (f"{later[0].describe(ctx, name)}; the closure would now "
                                      f"see the value at the statement instead")
    once = _once_per_iteration(ctx, item, closure, loops)
    if own and not once:
        return Applicability.UNSAFE, (
            f"the closure changes {name} (line {own[0].line}) and the statement can run more "
            f"than once per iteration (an inner loop or a goto): Go 1.22 gives those closures "
            f"one {name}; with its own copy each would lose the others' change")
    if own:
        sharers = _other_capturers(item, closure)
        if closure.kind == "defer" and sharers:
            return Applicability.UNSAFE, (
                f"the closure changes {name} (line {own[0].line}) and the func literal at "
                f"line {sharers[0].start_point.row + 1} shares {name}; with its own copy that "
                f"change no longer reaches it")
        return Applicability.UNSAFE, (f"the closure changes {name} (line {own[0].line}); "
                                      f"today the closures of every iteration share {name} "
                                      f"and see that change; with its own copy it no longer "
                                      f"reaches them or the loop")
    return Applicability.SAFE, name


def _literals_after(item: Shared, closure: Closure) -> list[Node]:
    """Func literals after the statement in its block that use the variable: a copy inserted
    before the statement is what they would capture."""
    block = closure.statement.parent
    return [other for other in item.var.capturing_literals
            if closure.statement.end_byte <= other.start_byte < block.end_byte]


def _once_per_iteration(ctx: FileContext, item: Shared, closure: Closure,
                        loops: list[Node]) -> bool:
    """The statement runs at most once per iteration of the sharing loop (no inner loop
    around it, no goto in the loop body): else Go 1.22 gives all the closures of one iteration
    one variable, which they share as they share it now."""
    body = item.loop.child_by_field_name("body")
    return loops.index(item.loop) == 0 and not _gotos(ctx, body, item.var.function)


def _other_capturers(item: Shared, closure: Closure) -> list[Node]:
    """Func literals other than the closure (and those inside it) that use the variable."""
    literal = closure.literal
    return [other for other in item.var.capturing_literals
            if not literal.start_byte <= other.start_byte < literal.end_byte]


def _type_means_the_same(sc: Scopes, var: Variable, literal: Node) -> bool:
    """Every name in the variable's written type denotes at the literal what it denotes where
    the type was written (no local type or variable shadows it in between)."""
    where = var.type.node.start_byte if var.type.node is not None else var.start
    names = set(re.findall(r"[A-Za-z_]\w*", var.type.text))
    return all(sc.lookup(name, where) is sc.lookup(name, literal.start_byte)
               for name in names)


def _redeclared(sc: Scopes, literal: Node, name: str) -> bool:
    """The literal's body declares `name` in its own top-level block, where a parameter of
    that name would make `name := …` a compile error."""
    return any(v.scope == literal and v.name == name and v.kind not in ("param", "result")
               for v in sc.variables)


def _can_pass_arguments(closure: Closure) -> bool:
    """Parameters can be appended: a defer/go literal (g.Go and t.Run fix the signature)."""
    return closure.kind in ("defer", "go") and parameters_extendable(closure.literal)


def _argument_edits(ctx: FileContext, closure: Closure, params: list[str],
                    args: list[str]) -> list[Edit]:
    return [ctx.append_to_list(closure.literal.child_by_field_name("parameters"), params),
            ctx.append_to_list(closure.call.child_by_field_name("arguments"), args)]


def _copy_edit(ctx: FileContext, sc: Scopes, closure: Closure, copied: list[Shared],
               copies_made: dict[int, list[tuple[Applicability, Edit, list[str]]]]) -> Edit | None:
    """`v := v` for each copied variable, before the closure's statement; or the copy an
    earlier closure's safe fix makes when it copies these variables too (two
    `t.Run(…, func(t *testing.T) { t.Parallel(); … tc … })` in one body need one copy, made
    once: a second `tc := tc` in the block would not compile). The shared edit is exactly
    the earlier fix's, which was judged safe for everything after it in the block, and it
    gives this closure the per-iteration copy too. Only for variables the loop header
    declares, and only when nothing in between writes them or takes their address."""
    names = [item.var.name for item in copied]
    own = _copy_insertion(ctx, sc, closure.statement, names)
    if own is None or any(item.var.loop != item.loop for item in copied):
        return own
    finders = {c.statement.start_byte for c in _closures(ctx)}
    earlier = [s for s in closure.statement.parent.named_children
               if s.end_byte <= closure.statement.start_byte]
    for statement in reversed(earlier):
        uses = [u for item in copied for u in item.var.uses_within(statement)]
        if not uses:
            continue
        if any(ctx.types.changes_value(sc, u) or u.access & Access.ADDR for u in uses):
            break
        if statement.start_byte in finders and any(u.function != u.variable.function
                                                  for u in uses):
            for applicability, edit, made in copies_made.get(statement.start_byte, []):
                if applicability is Applicability.SAFE and set(names) <= set(made):
                    at = _statement_at(closure.statement.parent, edit.start)
                    if at is not None and _copy_insertion(ctx, sc, at, made) == edit:
                        return edit
            break  # the nearest earlier closure reading them makes no safe copy to share
    return own


def _statement_at(block: Node, start: int) -> Node | None:
    return next((s for s in block.named_children if s.start_byte == start), None)


def _copy_insertion(ctx: FileContext, sc: Scopes, statement: Node,
                    names: list[str]) -> Edit | None:
    start = statement.start_byte
    line_start = ctx.line_start(start)
    if statement.parent is None or ctx.src[line_start:start].strip():
        return None  # the statement does not start its line
    scope = statement.parent
    for name in names:
        declared = sc.lookup(name, scope.end_byte - 1)
        if declared is not None and declared.scope == scope:
            return None  # the block declares it later: `name := name` would not compile
    indent = ctx.src[line_start:start].decode("utf-8", "surrogateescape")
    copies = "".join(f"{name} := {name}{ctx.newline}{indent}" for name in names)
    return ctx.insert(start, copies)
