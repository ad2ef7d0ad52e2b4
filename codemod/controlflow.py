"""Control flow inside one Go function, and the rewrite that runs a loop body as a func literal.

Two questions about a loop body, answered from the syntax alone (go/ast-shaped trees):
- where does each `break`, `continue`, `goto` and `return` go (its *target*: a loop, switch,
  select, label or the function), whether a statement is *terminating* in the sense of the Go
  spec, and whether control can reach the end of an iteration after a given statement;
- how to move the body into an immediately-invoked func literal so that its defers run every
  iteration, with the branches that leave the body carried out of the literal.

The rewrite follows the design of gopls' extract-function and the compiler's range-over-func
rewrite (`cmd/compile/internal/rangefunc`): a branch that leaves the body becomes a `return`
of a value that says where to go, and a small dispatch after the call performs the branch.
Our output is written for a reviewer, so the forms are, from the most common down:

- `func() { … }()` when the body only falls off its end or `continue`s (which become `return`);
- `if err := func() error { … }(); err != nil { return …, err }` when every `return` in the
  body returns a provably non-nil error and nothing else leaves the body;
- otherwise `next := func() string { … }()` where each leaving branch returns a word that names
  it (`return "break"`, `return "continue outer"`, `return "goto retry"`, `return "return"`),
  the function's results travel with it when it has some, and an `if next == "…"` per kind
  follows the call. `continue` and the end of the body return `"continue"`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Protocol

from tree_sitter import Node

from .model import Edit
from .parsing import FUNCTION_KINDS, ancestors

BRANCHES = frozenset({"break_statement", "continue_statement", "goto_statement",
                      "return_statement"})
BREAKABLE = frozenset({"for_statement", "expression_switch_statement",
                       "type_switch_statement", "select_statement"})
CLAUSES = frozenset({"expression_case_clause", "type_case_clause", "default_case",
                     "communication_clause"})
# Calls after which control never comes back to the statement that follows.
_NO_RETURN_CALLS = frozenset({"panic", "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln",
                              "log.Panic", "log.Panicf", "log.Panicln", "runtime.Goexit"})

# Outcomes of running a statement, as seen from the loop body being analysed.
FALL = "fall"          # control goes on with the next statement
CONT = "continue"      # the next iteration of the loop (or the end of its body)
LEAVE = "leave"        # out of the loop or the function


def text(src: bytes, node: Node) -> str:
    return src[node.start_byte:node.end_byte].decode("utf-8", "surrogateescape")


def function_level(node: Node) -> Iterator[Node]:
    """Every node under `node` (not `node` itself) that is not inside a nested func literal."""
    stack = list(reversed(node.children))
    while stack:
        current = stack.pop()
        yield current
        if current.type not in FUNCTION_KINDS:
            stack.extend(reversed(current.children))


def statements(container: Node) -> list[Node]:
    """The statements of a block or a case clause, comments left out."""
    if container.type == "block":
        return [c for c in container.named_children if c.type != "comment"]
    skip = {"value", "type", "communication"}
    result = []
    for index, child in enumerate(container.children):
        if not child.is_named or child.type == "comment":
            continue
        if container.field_name_for_child(index) in skip:
            continue
        result.append(child)
    return result


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


def within(node: Node, outer: Node) -> bool:
    """`node` is `outer` or lies inside it."""
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def strictly_within(node: Node, outer: Node) -> bool:
    return node != outer and outer.start_byte <= node.start_byte \
        and node.end_byte <= outer.end_byte


def is_no_return_call(stmt: Node, src: bytes) -> bool:
    if stmt.type != "expression_statement" or not stmt.named_children:
        return False
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return False
    function = call.child_by_field_name("function")
    return function is not None and text(src, function) in _NO_RETURN_CALLS


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


class Flow:
    """Branch targets and terminating statements of one function."""

    def __init__(self, function: Node, src: bytes) -> None:
        self.function = function
        self.src = src
        self.labels = labels(function, src)
        self._targets: dict[int, Node | None] = {}

    def target(self, stmt: Node) -> Node | None:
        if stmt.id not in self._targets:
            self._targets[stmt.id] = branch_target(stmt, self.src, self.labels)
        return self._targets[stmt.id]

    def branches(self, node: Node) -> Iterator[Node]:
        """The branch statements under `node` that belong to this function."""
        if node.type in BRANCHES:
            yield node
        for child in function_level(node):
            if child.type in BRANCHES:
                yield child

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


# --- the rewrite -------------------------------------------------------------------------

@dataclass
class Result:
    """One result of the enclosing function."""
    type: str
    name: str = ""
    node: Node | None = None


def function_results(function: Node, src: bytes) -> list[Result]:
    result = function.child_by_field_name("result")
    if result is None:
        return []
    if result.type != "parameters":
        return [Result(text(src, result), node=result)]
    found = []
    for declaration in result.named_children:
        if declaration.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        type_node = declaration.child_by_field_name("type")
        names = [c for i, c in enumerate(declaration.children)
                 if declaration.field_name_for_child(i) == "name"]
        type_text = text(src, type_node) if type_node is not None else ""
        if names:
            found.extend(Result(type_text, text(src, n), type_node) for n in names)
        else:
            found.append(Result(type_text, node=type_node))
    return found


_BASIC_ZERO = {"string": '""', "bool": "false", "error": "nil", "any": "nil",
               "uintptr": "0", "rune": "0", "byte": "0"}
# Interface types of the standard library that functions often return: their zero is nil.
_STD_INTERFACES = frozenset({
    "context.Context", "net.Conn", "net.Listener", "net.PacketConn", "net.Addr", "net.Error",
    "io.Reader", "io.Writer", "io.Closer", "io.ReadCloser", "io.WriteCloser", "io.ReadWriter",
    "io.ReadWriteCloser", "io.ReaderAt", "io.WriterTo", "io.ReaderFrom", "io.Seeker",
    "io.ReadSeeker", "io.ReadSeekCloser", "fs.File", "fs.FileInfo", "fs.DirEntry", "fs.FS",
    "os.FileInfo", "os.DirEntry", "os.Signal", "http.Handler", "http.RoundTripper",
    "sql.Result", "reflect.Type", "hash.Hash", "fmt.Stringer", "sort.Interface",
    "driver.Conn", "driver.Rows", "driver.Stmt", "driver.Tx", "driver.Result",
})


class TypeLookup(Protocol):
    """Type names -> the text of their definitions (a dict, or a lazy lookup)."""
    def get(self, name: str, default: str | None = None, /) -> str | None: ...


_NUMERIC = re.compile(r"^(u?int(8|16|32|64)?|float(32|64)|complex(64|128))$")


def zero_value(type_text: str, underlying: TypeLookup, depth: int = 0) -> str:
    """A Go expression for the zero value of a written type. `underlying` maps the package's
    type names to the text of their definitions (`Conn` -> `interface{ … }`)."""
    t = type_text.strip()
    if t in _BASIC_ZERO:
        return _BASIC_ZERO[t]
    if t in _STD_INTERFACES:
        return "nil"
    if _NUMERIC.match(t):
        return "0"
    if t.startswith(("*", "[]", "map[", "chan ", "chan<-", "<-chan", "func(", "func (",
                     "interface{", "interface {")):
        return "nil"
    if t.startswith(("struct{", "struct {", "[")):
        return t + "{}"
    definition = underlying.get(t)
    if definition is not None and depth < 8:
        inner = zero_value(definition, underlying, depth + 1)
        if inner in ("nil", '""', "false", "0"):
            return inner
        if not inner.startswith("*new("):
            return t + "{}"
    return f"*new({t})"


def type_specs(root: Node) -> Iterator[tuple[Node, Node]]:
    """(name, definition) of each package-level, non-generic `type` spec (aliases included)."""
    for decl in root.named_children:
        if decl.type != "type_declaration":
            continue
        for spec in decl.named_children:
            if spec.type not in ("type_definition", "alias_declaration") \
                    or spec.child_by_field_name("type_parameters") is not None:
                continue
            name, definition = spec.child_by_field_name("name"), spec.child_by_field_name("type")
            if name is not None and definition is not None:
                yield name, definition


def file_types(root: Node, src: bytes) -> dict[str, str]:
    """The file's type names -> the text of the type each is defined as."""
    return {text(src, name): text(src, definition) for name, definition in type_specs(root)}


@dataclass
class Wrap:
    """The rewrite of one loop body, or why there is none."""
    edits: list[Edit] = field(default_factory=list)   # empty when there is a problem
    form: str = ""                 # "plain", "error" or "dispatch"
    exits: list[str] = field(default_factory=list)   # "break", "return", "continue L", …
    problem: str = ""              # why the body cannot be wrapped


_EXIT_ORDER = ("return", "break")


def wrap_body(src: bytes, flow: Flow, loop: Node, newline: str,
              nonnil_error=None, types: TypeLookup | None = None) -> Wrap:
    """Rewrite the body of `loop` into an immediately-invoked func literal.

    `nonnil_error(return_stmt, expr) -> bool` says whether an error value is certainly not nil
    at that return (used for the `if err := …; err != nil` form); `types` maps the package's
    type names to their definitions (for zero values)."""
    body = loop.child_by_field_name("body")
    if body is None:
        return Wrap(problem="the loop has no body")
    returns: list[Node] = []
    continues: list[Node] = []
    exits: dict[str, list[Node]] = {}
    for branch in flow.branches(body):
        target = flow.target(branch)
        if branch.type == "return_statement":
            returns.append(branch)
            exits.setdefault("return", []).append(branch)
            continue
        if target is None:
            return Wrap(problem=f"`{text(src, branch)}` names a label the analysis cannot find")
        word = f"{branch.type.split('_')[0]} {label_name(branch, src)}"
        if branch.type == "continue_statement" and target == loop:
            continues.append(branch)
        elif branch.type == "break_statement" and target == loop:
            exits.setdefault("break", []).append(branch)
        elif not strictly_within(target, body):
            exits.setdefault(word, []).append(branch)

    results = function_results(flow.function, src)
    ordered = sorted(exits, key=lambda e: (_EXIT_ORDER.index(e) if e in _EXIT_ORDER else 2,
                                           exits[e][0].start_byte))
    as_return = frozenset(n.id for ns in exits.values() for n in ns) | \
        frozenset(n.id for n in continues)
    ends_terminating = flow.list_terminating(statements(body), as_return)

    dispatch: list[tuple[str, str]] = []
    trailer = final = ""
    if not exits:
        edits = [_replace(stmt, "return") for stmt in continues]
        opener, closer, form = "func() {", "}()", "plain"
    elif set(exits) == {"return"} and results and results[-1].type == "error" \
            and (idiom := _error_idiom(src, returns, results, nonnil_error)) is not None:
        zeros, edits = idiom
        edits += [_replace(stmt, "return nil") for stmt in continues]
        opener, closer, form = "if err := func() error {", "}(); err != nil {", "error"
        trailer = "return " + ", ".join([*zeros, "err"])
        final = "return nil"
    else:
        plan = _dispatch(src, results, returns, continues, exits, ordered, types or {},
                         newline, set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*",
                                                 text(src, flow.function))))
        if isinstance(plan, str):
            return Wrap(problem=plan, exits=ordered)
        edits, opener, dispatch, final = plan.edits, plan.opener, plan.dispatch, plan.fallthrough
        closer, form = "}()", "dispatch"
    if ends_terminating:
        final = ""
    layout = _layout(src, body)
    edit = _build(src, body, layout, edits, opener, closer, final, trailer, dispatch, newline)
    rewritten = {n.id for ns in exits.values() for n in ns} | {n.id for n in continues}
    return Wrap(edits=[edit, *_unused_label(src, flow, loop, rewritten, dispatch)], form=form,
                exits=ordered)


def _unused_label(src: bytes, flow: Flow, loop: Node, rewritten: set[int],
                  dispatch: list[tuple[str, str]]) -> list[Edit]:
    """Delete the loop's own label when every branch that named it was rewritten (Go rejects
    a label that is defined and not used)."""
    labeled = loop.parent
    if labeled is None or labeled.type != "labeled_statement":
        return []
    name = label_name(labeled, src)
    body = flow.function.child_by_field_name("body")
    for branch in flow.branches(body) if body is not None else ():
        if branch.id not in rewritten and label_name(branch, src) == name:
            return []
    if any(statement.split()[-1] == name for _, statement in dispatch):
        return []
    start = labeled.start_byte
    colon = src.index(b":", start) + 1
    line_start = src.rfind(b"\n", 0, start) + 1
    loop_line = src.rfind(b"\n", 0, loop.start_byte) + 1
    if src[colon:loop.start_byte].strip():
        return [Edit(start, colon, b"")]   # keep a comment between the label and the loop
    if loop_line > start and not src[line_start:start].strip():
        return [Edit(line_start, loop_line, b"")]
    return [Edit(start, loop.start_byte, b"")]


def _replace(stmt: Node, code: str) -> Edit:
    return Edit(stmt.start_byte, stmt.end_byte, code.encode())


def _error_idiom(src: bytes, returns: list[Node], results: list[Result], nonnil_error):
    """(zero values for the other results, edits) when every return in the body returns a
    certainly non-nil error and the same constants for the other results: each return keeps
    only its error, and the dispatch returns the constants."""
    if nonnil_error is None:
        return None
    zeros: list[str] | None = None
    edits = []
    for stmt in returns:
        values = _return_values(stmt)
        if len(values) != len(results) or not all(_is_constant(v) for v in values[:-1]):
            return None
        others = [_normal(text(src, v)) for v in values[:-1]]
        if zeros is not None and zeros != others:
            return None
        zeros = others
        if not nonnil_error(stmt, values[-1]):
            return None
        if len(values) > 1:
            edits.append(Edit(values[0].start_byte, values[-1].start_byte, b""))
    return zeros or [], edits


def _return_values(stmt: Node) -> list[Node]:
    values = stmt.child_by_field_name("result")
    if values is None:
        for child in stmt.named_children:
            if child.type != "comment":
                values = child
                break
    if values is None:
        return []
    if values.type == "expression_list":
        return [c for c in values.named_children if c.type != "comment"]
    return [values]


def _normal(code: str) -> str:
    return re.sub(r"\s+", " ", code).strip()


_CONSTANT = re.compile(r'^(nil|true|false|-?\d[\d_]*(\.\d+)?|"([^"\\]|\\.)*"|`[^`]*`|'
                       r"'([^'\\]|\\.)+'|[A-Za-z_][A-Za-z0-9_.]*\{\})$")


def _is_constant(node: Node) -> bool:
    code = node.text.decode("utf-8", "surrogateescape") if node.text else ""
    return bool(_CONSTANT.match(code))


@dataclass
class _Dispatch:
    edits: list[Edit]
    opener: str
    dispatch: list[tuple[str, str]]     # (condition, statement) after the call
    fallthrough: str                    # the return at the end of the literal


def _dispatch(src: bytes, results: list[Result], returns: list[Node], continues: list[Node],
              exits: dict[str, list[Node]], ordered: list[str], types: TypeLookup,
              newline: str = "\n", in_use: set[str] | None = None) -> _Dispatch | str:
    named = bool(results) and all(r.name for r in results)
    carry = bool(results) and any(_return_values(r) for r in returns) or \
        bool(results) and bool(returns) and not named
    taken = {r.name for r in results if r.name}
    control = "next" if "next" not in taken else "flow"
    edits: list[Edit] = []
    carried: list[str] = []
    zeros: list[str] = []
    if carry:
        carried = _carried_names(results, control)
        zeros = [zero_value(r.type, types) for r in results]
        for stmt in returns:
            values = _return_values(stmt)
            if not values:
                if not named:
                    return "a bare return in a function with unnamed results"
                edits.append(_replace(stmt, "return " + ", ".join(
                    ['"return"', *(r.name for r in results)])))
            elif len(values) != len(results):
                spread = _spread_call(src, stmt, values, carried, newline, in_use or set())
                if spread is None:
                    return (f"`{_normal(text(src, stmt))}` returns a multi-value call that "
                            f"cannot be spread into variables here")
                edits.append(spread)
            else:
                edits.append(Edit(values[0].start_byte, values[0].start_byte, b'"return", '))
    else:
        edits += [_replace(stmt, 'return "return"') for stmt in returns]

    def ret(word: str) -> str:
        return "return " + ", ".join([f'"{word}"', *zeros])

    edits += [_replace(stmt, ret("continue")) for stmt in continues]
    for word, stmts in exits.items():
        if word != "return":
            edits += [_replace(stmt, ret(word)) for stmt in stmts]
    if carry:
        types_list = ", ".join(["string", *(r.type for r in results)])
        opener = f"{', '.join([control, *carried])} := func() ({types_list}) {{"
    else:
        opener = f"{control} := func() string {{"
    dispatch = []
    for word in ordered:
        statement = word
        if word == "return":
            statement = "return" + (" " + ", ".join(carried) if carry else "")
        dispatch.append((f'{control} == "{word}"', statement))
    return _Dispatch(edits, opener, dispatch, ret("continue"))


def _spread_call(src: bytes, stmt: Node, values: list[Node], carried: list[str],
                 newline: str, in_use: set[str]) -> Edit | None:
    """`return g()` with g returning all the results: `a, b := g()` then `return "return",
    a, b`, with names no other identifier of the function uses. The return must start its
    line and sit in a statement list (a block or a case clause)."""
    if len(values) != 1 or values[0].type != "call_expression":
        return None
    parent = stmt.parent
    if parent is None or parent.type != "block" and parent.type not in CLAUSES:
        return None
    line_start = src.rfind(b"\n", 0, stmt.start_byte) + 1
    indent = src[line_start:stmt.start_byte]
    if indent.strip():
        return None
    names = []
    for base in carried:
        name, n = base, 2
        while name in in_use or name in names:
            name, n = f"{base}{n}", n + 1
        names.append(name)
    joined = ", ".join(names)
    code = (f"{joined} := {text(src, values[0])}{newline}"
            f"{indent.decode()}\t" + "return " + ", ".join(['"return"', *names]))
    return Edit(stmt.start_byte, stmt.end_byte, code.encode())


def _carried_names(results: list[Result], control: str) -> list[str]:
    names: list[str] = []
    for r in results:
        base = r.name if r.name and r.name != "_" else _name_for_type(r.type)
        name, n = base, 2
        while name in names or name == control:
            name, n = f"{base}{n}", n + 1
        names.append(name)
    return names


def _name_for_type(type_text: str) -> str:
    t = type_text.strip()
    if t == "error":
        return "err"
    if t == "bool":
        return "ok"
    if t == "string":
        return "s"
    if _NUMERIC.match(t) or t in ("byte", "rune", "uintptr"):
        return "n"
    if t.startswith("map["):
        return "m"
    if t.startswith(("chan", "<-chan")):
        return "ch"
    if t.startswith("func"):
        return "fn"
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", t.split(".")[-1])
    if not words or t in ("any",) or t.startswith("interface"):
        return "v"
    return words[0][0].lower() if words[0][0].isalpha() else "v"


@dataclass
class _Layout:
    middle_start: int     # first byte of the first line of statements
    middle_end: int       # just after the newline that ends the last line of statements
    indent: str           # indentation of the loop's closing brace
    single_line: bool = False


def _layout(src: bytes, body: Node) -> _Layout:
    """Where the statements of the body are. A body that shares a line with a brace (never
    the case in gofmt-formatted code) is rebuilt one statement per line."""
    inner_start, inner_end = body.start_byte + 1, body.end_byte - 1
    inner = src[inner_start:inner_end]
    first_nl, last_nl = inner.find(b"\n"), inner.rfind(b"\n")
    head = inner[:first_nl].strip() if first_nl >= 0 else b""
    tail = inner[last_nl + 1:] if last_nl >= 0 else b""
    if first_nl < 0 or head and not head.startswith(b"//") or tail.strip():
        line_start = src.rfind(b"\n", 0, body.start_byte) + 1
        indent = re.match(rb"[ \t]*", src[line_start:body.start_byte]).group(0)
        return _Layout(inner_start, inner_end, indent.decode(), single_line=True)
    return _Layout(inner_start + first_nl + 1, inner_start + last_nl + 1, tail.decode())


def _raw_string_spans(body: Node) -> list[tuple[int, int]]:
    """Byte spans of raw strings that cross lines: their lines must not be re-indented."""
    spans = []
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == "raw_string_literal":
            if node.start_point.row != node.end_point.row:
                spans.append((node.start_byte, node.end_byte))
            continue
        stack.extend(node.children)
    return spans


def _build(src: bytes, body: Node, layout: _Layout, edits: list[Edit], opener: str,
           closer: str, final: str, trailer: str, dispatch: list[tuple[str, str]],
           newline: str) -> Edit:
    """One edit that replaces the statements of the body by the literal and its dispatch:
    the statements move one tab to the right, with the branch rewrites applied."""
    nl = newline
    ind1 = layout.indent + "\t"
    ind2 = ind1 + "\t"
    if layout.single_line:
        lines = []
        for stmt in body.named_children:
            local = [Edit(e.start - stmt.start_byte, e.end - stmt.start_byte, e.replacement)
                     for e in edits if stmt.start_byte <= e.start and e.end <= stmt.end_byte]
            code = _apply(src[stmt.start_byte:stmt.end_byte], local)
            lines.append(ind2.encode() + code + nl.encode())
        middle = b"".join(lines)
    else:
        raw = _raw_string_spans(body)
        start, end = layout.middle_start, layout.middle_end
        local = [Edit(e.start - start, e.end - start, e.replacement) for e in edits]
        pos = start
        while pos < end:
            line_end = src.find(b"\n", pos, end)
            line_end = end if line_end < 0 else line_end + 1
            blank = not src[pos:line_end].strip()
            in_raw = any(s < pos < e for s, e in raw)
            in_edit = any(e.start < pos - start < e.end for e in local)
            if not (blank or in_raw or in_edit):
                local.append(Edit(pos - start, pos - start, b"\t"))
            pos = line_end
        middle = _apply(src[start:end], local)
    out = [f"{ind1}{opener}{nl}".encode(), middle]
    if final:
        out.append(f"{ind2}{final}{nl}".encode())
    out.append(f"{ind1}{closer}{nl}".encode())
    if trailer:
        out.append(f"{ind2}{trailer}{nl}{ind1}}}{nl}".encode())
    for condition, statement in dispatch:
        out.append(f"{ind1}if {condition} {{{nl}{ind2}{statement}{nl}{ind1}}}{nl}".encode())
    new = b"".join(out)
    if layout.single_line:
        return Edit(body.start_byte, body.end_byte,
                    b"{" + nl.encode() + new + layout.indent.encode() + b"}")
    return Edit(layout.middle_start, layout.middle_end, new)


def _apply(code: bytes, edits: list[Edit]) -> bytes:
    out, pos = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(code[pos:edit.start])
        out.append(edit.replacement)
        pos = max(pos, edit.end)
    out.append(code[pos:])
    return b"".join(out)
