"""The rewrite of a loop body into an immediately-invoked func literal.

defer-in-loop's fix: the body moves into `func() { … }()` so that its defers run every
iteration, and the branches that leave the body are carried out of the literal. A branch that
leaves the body becomes a `return` of a value that says whether (or where) to go, and the
code after the call performs the branch (the design of gopls' extract-function and of the
compiler's range-over-func rewrite, `cmd/compile/internal/rangefunc`). The output is written
for a reviewer: each body gets the simplest of these shapes that fits it (rules.md,
defer-in-loop), and no string is ever a control code.

- `func() { … }()` when the body only falls off its end or `continue`s (which become
  `return`): form "plain".
- `if err := func() error { … }(); err != nil { return …, err }` when every `return` in the
  body returns a certainly non-nil error (and the same constants for the other results) and
  nothing else leaves the body: form "error".
- `if stop := func() bool { … }(); stop { break }` when one kind of branch leaves the body
  (`break`, `return`, `continue outer`, `goto retry`): the literal returns true for it and
  false at its end and for `continue`: form "bool". When the function's results have to
  travel with a `return`, they follow the bool (`if done, s, n := func() (bool, string, int)
  { … }(); done { return s, n }`): form "bool+results".
- `stop, err := func() (bool, error) { … }()`, then `if err != nil { return …, err }` and
  `if stop { break }`, when the returns are those of the error form and one other kind of
  branch leaves the body: form "pair".
- otherwise (several kinds of branch mix) an int control value with constants named for the
  branches, declared in the loop body just before the call (`const (keepGoing = iota;
  breakLoop; returnNow)`, `exit := func() int { … }()`, `if exit == returnNow { return }`):
  form "control".

Named results are assigned inside the literal (`return x, y` becomes `n, s = x, y` and a
`return` of the signal) when each name denotes the result at every return that sets them;
otherwise, and for unnamed results, the values travel as results of the literal. Every name
the rewrite declares comes from a short list of Go's usual words (`stop`, `done`, `skip`,
`exit`, `err`, `s`, `n`, the lowercased type name) and is one that the function does not
already use: nothing reads like a shadow of an outer variable (`err`, which Go code shadows
by idiom in `if err := …; err != nil`, is the one exception, for an error result).

Where each branch goes and which statements terminate comes from `analysis.controlflow`;
the results' types and zero values from `analysis.types`; which variable a name denotes at a
return from `analysis.scopes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from tree_sitter import Node

from .analysis.controlflow import Flow, label_name
from .analysis.syntax import CLAUSES, return_values, statements, strictly_within, text
from .analysis.types import NUMERIC, Result, TypeLookup, function_results, zero_value
from .model import Edit

FORMS = ("plain", "error", "bool", "bool+results", "pair", "control")


@dataclass
class Wrap:
    """The rewrite of one loop body, or why there is none."""
    edits: list[Edit] = field(default_factory=list)   # empty when there is a problem
    form: str = ""                 # one of FORMS
    exits: list[str] = field(default_factory=list)   # "break", "return", "continue L", …
    problem: str = ""              # why the body cannot be wrapped
    how: str = ""                  # the shape in words, for the fix's description
    returns_error: bool = False    # the literal's error result is named returned_error


_EXIT_ORDER = ("return", "break")


def wrap_body(src: bytes, flow: Flow, loop: Node, newline: str,
              nonnil_error=None, types: TypeLookup | None = None,
              denotes_result: Callable[[str, Node], bool] | None = None,
              returned_error: str = "") -> Wrap:
    """Rewrite the body of `loop` into an immediately-invoked func literal.

    `nonnil_error(return_stmt, expr) -> bool` says whether an error value is certainly not nil
    at that return (for the error and pair forms); `types` maps the package's type names to
    their definitions (for zero values); `denotes_result(name, return_stmt) -> bool` says
    whether `name` denotes the function's named result at that return (without it, named
    results travel as values of the literal, as unnamed ones do). `returned_error` names an
    error variable the body declares at its top level (`f, err := os.Create(p)`) that a
    deferred closure assigns and nothing reads: when the body only continues or returns
    errors, the literal's result takes that name (`func() (err error)`, which the body's
    `:=` then sets), so what the closure assigns is returned (Wrap.returns_error)."""
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

    ordered = sorted(exits, key=lambda e: (_EXIT_ORDER.index(e) if e in _EXIT_ORDER else 2,
                                           exits[e][0].start_byte))
    names = _Names(_identifiers(src, flow.function))
    context = _Context(src, newline, function_results(flow.function, src), types or {},
                       nonnil_error, denotes_result, names, returned_error)
    plan = _plan(context, returns, continues, exits, ordered)
    if isinstance(plan, str):
        return Wrap(problem=plan, exits=ordered)
    as_return = frozenset(n.id for ns in exits.values() for n in ns) | \
        frozenset(n.id for n in continues)
    final = "" if flow.list_terminating(statements(body), as_return) else plan.final
    edit = _build(src, body, _layout(src, body), plan, final, newline)
    rewritten = {n.id for ns in exits.values() for n in ns} | {n.id for n in continues}
    after = [statement for _, statement in plan.dispatch] + plan.trailer
    return Wrap(edits=[edit, *_unused_label(src, flow, loop, rewritten, after)],
                form=plan.form, exits=ordered, how=plan.how,
                returns_error=plan.returns_error)


# --- names -----------------------------------------------------------------------------------

_NAME_KINDS = frozenset({"identifier", "type_identifier", "package_identifier"})


def _identifiers(src: bytes, function: Node) -> set[str]:
    """Every name the function writes that a declaration in the loop body could shadow
    (variables, constants, functions, types, packages; not fields, methods or labels)."""
    found = set()
    stack = [function]
    while stack:
        node = stack.pop()
        if node.type in _NAME_KINDS:
            found.add(text(src, node))
        stack.extend(node.children)
    return found


class _Names:
    """Fresh names: the first free word of a list, never one the function already uses."""

    def __init__(self, in_use: set[str]) -> None:
        self.in_use = in_use
        self.taken: set[str] = set()

    def pick(self, *candidates: str, allow: tuple[str, ...] = ()) -> str | None:
        for name in candidates:
            if name in self.taken or name in self.in_use and name not in allow:
                continue
            self.taken.add(name)
            return name
        return None


_BOOL_WORDS = {
    "break": ("stop", "done", "quit", "halt"),
    "return": ("done", "stop", "finished", "leave"),
    "continue": ("skip", "skipRest", "moveOn", "leave"),
    "goto": ("jump", "leave", "bail"),
}


def _bool_name(names: _Names, word: str) -> str | None:
    return names.pick(*_BOOL_WORDS[word.split()[0]], "exitNow")


def _constant_names(names: _Names, word: str) -> str | None:
    """`keepGoing`, `breakLoop`, `returnNow`, `continueOuter`, `breakOuter`, `gotoRetry`."""
    if word == "continue":
        return names.pick("keepGoing", "carryOn", "goOn")
    if word == "break":
        return names.pick("breakLoop", "stopLoop", "leaveLoop")
    if word == "return":
        return names.pick("returnNow", "returnEarly", "leaveFunc")
    verb, label = word.split()
    title = label[:1].upper() + label[1:]
    return names.pick(verb + title, {"break": "leave", "continue": "next",
                                     "goto": "jumpTo"}[verb] + title)


def _value_names(names: _Names, results: list[Result]) -> list[str] | None:
    """Names for the results that travel with the literal's signal: `err` for the last
    error, otherwise a short word for the type (`s`, `n`, `ok`, the lowercased type name)."""
    picked = []
    for index, r in enumerate(results):
        t = r.type.strip()
        allow = ("err",) if t == "error" and index == len(results) - 1 else ()
        name = names.pick(*_type_words(t), "result", "res", "value", "out", allow=allow)
        if name is None:
            return None
        picked.append(name)
    return picked


def _type_words(t: str) -> tuple[str, ...]:
    if t == "error":
        return ("err", "failure")
    if t == "bool":
        return ("ok", "found")
    if t == "string":
        return ("s", "str", "text")
    if NUMERIC.match(t) or t in ("byte", "rune", "uintptr"):
        return ("n", "num", "count")
    if t.startswith("map["):
        return ("m",)
    if t.startswith(("chan", "<-chan")):
        return ("ch",)
    if t.startswith("func"):
        return ("fn",)
    if t.startswith("[]"):
        return ("list",)
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", t.split(".")[-1])
    if not words or t in ("any",) or t.startswith("interface"):
        return ("v",)
    word = words[0]
    lowered = word[:1].lower() + word[1:]
    return (lowered, word[0].lower()) if lowered != word else (word[0].lower(),)


# --- the plan --------------------------------------------------------------------------------

@dataclass
class _Context:
    src: bytes
    newline: str
    results: list[Result]
    types: TypeLookup
    nonnil_error: Callable[[Node, Node], bool] | None
    denotes_result: Callable[[str, Node], bool] | None
    names: _Names
    returned_error: str = ""


@dataclass
class _Plan:
    form: str
    edits: list[Edit]
    opener: str
    closer: str
    final: str = ""                     # the return at the end of the literal
    prelude: list[str] = field(default_factory=list)    # lines before the call
    trailer: list[str] = field(default_factory=list)    # the if form's statements
    dispatch: list[tuple[str, str]] = field(default_factory=list)   # (condition, statement)
    how: str = ""
    returns_error: bool = False


def _plan(cx: _Context, returns: list[Node], continues: list[Node],
          exits: dict[str, list[Node]], ordered: list[str]) -> _Plan | str:
    results = cx.results
    idiom = _error_idiom(cx, returns) if "return" in exits and results \
        and results[-1].type == "error" else None
    loose = _error_idiom(cx, returns, certain=False) if cx.returned_error and results \
        and results[-1].type == "error" else None
    if loose is not None and (not exits or ordered == ["return"]):
        return _returned_error(cx, loose, continues, returns)
    if not exits:
        return _Plan("plain", [_replace(stmt, "return") for stmt in continues],
                     "func() {", "}()", how="continue becomes return")
    others = [word for word in ordered if word != "return"]
    if idiom is not None and not others:
        zeros, edits = idiom
        edits += [_replace(stmt, "return nil") for stmt in continues]
        return _Plan("error", edits, "if err := func() error {", "}(); err != nil {",
                     final="return nil", trailer=["return " + ", ".join([*zeros, "err"])],
                     how="errors are returned from the literal and checked after the call")
    if idiom is not None and len(others) == 1:
        return _pair(cx, idiom, continues, exits, others[0])
    if len(ordered) == 1:
        return _bool(cx, returns, continues, exits, ordered[0])
    return _control(cx, returns, continues, exits, ordered)


def _returned_error(cx: _Context, idiom: tuple[list[str], list[Edit]],
                    continues: list[Node], returns: list[Node]) -> _Plan | str:
    """The error form with the literal's result named after the body's error variable, so
    that a deferred closure's write to it is what the literal returns. When the body also
    returns, a `done` result says so, so that a closure that clears the error cannot turn a
    return into a continue."""
    name = cx.returned_error
    zeros, edits = idiom
    if not returns:
        zeros = [zero_value(r.type, cx.types) for r in cx.results[:-1]]
    trailer = ["return " + ", ".join([*zeros, name])]
    how = (f"the literal's result is named {name}, so the error the deferred closure assigns "
           f"to {name} is returned from the literal and checked after the call")
    if not returns:
        edits = [*edits, *(_replace(stmt, "return nil") for stmt in continues)]
        return _Plan("error", edits, f"if {name} := func() ({name} error) {{",
                     f"}}(); {name} != nil {{", final="return nil", trailer=trailer,
                     returns_error=True, how=how)
    flag = _bool_name(cx.names, "return")
    if flag is None:
        return "no free name for the literal's result"
    edits = [*edits, *(Edit(value.start_byte, value.start_byte, b"true, ")
                       for value in _errors_returned(returns))]
    edits += [_replace(stmt, "return false, nil") for stmt in continues]
    return _Plan("bool+results", edits,
                 f"if {flag}, {name} := func() ({flag} bool, {name} error) {{",
                 f"}}(); {flag} || {name} != nil {{", final="return false, nil",
                 trailer=trailer, returns_error=True,
                 how=how + f" (with {flag}, true where the body returned)")


def _bool(cx: _Context, returns: list[Node], continues: list[Node],
          exits: dict[str, list[Node]], word: str) -> _Plan | str:
    """`if stop := func() bool { … }(); stop { break }`, with the results after the bool
    when a return must carry them."""
    flag = _bool_name(cx.names, word)
    if flag is None:
        return "no free name for the literal's result"
    carry = _carry(cx, returns) if word == "return" else None
    if isinstance(carry, str):
        return carry
    edits: list[Edit] = []
    if word == "return":
        found = _return_edits(cx, returns, "true", carry)
        if isinstance(found, str):
            return found
        edits += found
    else:
        edits += [_replace(stmt, "return true") for stmt in exits[word]]
    stay = "return " + ", ".join(["false", *(carry.zeros if carry else [])])
    edits += [_replace(stmt, stay) for stmt in continues]
    statement = word if word != "return" else \
        "return" + (" " + ", ".join(carry.names) if carry else "")
    if carry:
        types = ", ".join(["bool", *(r.type for r in cx.results)])
        opener = f"if {', '.join([flag, *carry.names])} := func() ({types}) {{"
    else:
        opener = f"if {flag} := func() bool {{"
    return _Plan("bool+results" if carry else "bool", edits, opener, f"}}(); {flag} {{",
                 final=stay, trailer=[statement],
                 how=f"the literal returns {flag}, and `{statement}` follows when it is true")


def _pair(cx: _Context, idiom: tuple[list[str], list[Edit]], continues: list[Node],
          exits: dict[str, list[Node]], word: str) -> _Plan | str:
    """`stop, err := func() (bool, error) { … }()`: the error form's returns and one other
    branch."""
    zeros, edits = idiom
    flag = _bool_name(cx.names, word)
    if flag is None:
        return "no free name for the literal's result"
    edits = [*edits, *(Edit(stmt_value.start_byte, stmt_value.start_byte, b"false, ")
                       for stmt_value in _errors_returned(exits["return"]))]
    edits += [_replace(stmt, "return true, nil") for stmt in exits[word]]
    edits += [_replace(stmt, "return false, nil") for stmt in continues]
    return _Plan("pair", edits, f"{flag}, err := func() (bool, error) {{", "}()",
                 final="return false, nil",
                 dispatch=[("err != nil", "return " + ", ".join([*zeros, "err"])),
                           (flag, word)],
                 how=f"the literal returns ({flag}, err): a non-nil err is returned, and "
                     f"`{word}` follows when {flag} is true")


def _errors_returned(returns: list[Node]) -> list[Node]:
    return [return_values(stmt)[-1] for stmt in returns]


def _control(cx: _Context, returns: list[Node], continues: list[Node],
             exits: dict[str, list[Node]], ordered: list[str]) -> _Plan | str:
    """Several kinds of branch: an int with a constant per branch."""
    variable = cx.names.pick("exit", "outcome", "how")
    constants = {word: _constant_names(cx.names, word) for word in ["continue", *ordered]}
    if variable is None or None in constants.values():
        return "no free name for the literal's result"
    carry = _carry(cx, returns) if "return" in exits else None
    if isinstance(carry, str):
        return carry
    zeros = carry.zeros if carry else []
    edits: list[Edit] = []
    if "return" in exits:
        found = _return_edits(cx, returns, constants["return"], carry)
        if isinstance(found, str):
            return found
        edits += found

    def ret(word: str) -> str:
        return "return " + ", ".join([constants[word], *zeros])

    edits += [_replace(stmt, ret("continue")) for stmt in continues]
    for word in ordered:
        if word != "return":
            edits += [_replace(stmt, ret(word)) for stmt in exits[word]]
    if carry:
        types = ", ".join(["int", *(r.type for r in cx.results)])
        opener = f"{', '.join([variable, *carry.names])} := func() ({types}) {{"
    else:
        opener = f"{variable} := func() int {{"
    first = constants["continue"]
    prelude = ["const (", f"\t{first} = iota", *(f"\t{constants[w]}" for w in ordered), ")"]
    dispatch = []
    for word in ordered:
        statement = word if word != "return" else \
            "return" + (" " + ", ".join(carry.names) if carry else "")
        dispatch.append((f"{variable} == {constants[word]}", statement))
    return _Plan("control", edits, opener, "}()", final=ret("continue"), prelude=prelude,
                 dispatch=dispatch,
                 how=f"the literal returns which branch to take ({', '.join(ordered)}), as "
                     f"constants declared before the call")


# --- returns ---------------------------------------------------------------------------------

@dataclass
class _Carry:
    names: list[str]     # the results after the call
    zeros: list[str]     # their zero values, for the branches that do not return


def _carry(cx: _Context, returns: list[Node]) -> _Carry | None | str:
    """None when the returns need not carry the function's results (it has none, or they are
    named and each return can set them in place), else the names they travel under."""
    if not cx.results or _assignable(cx, returns):
        return None
    names = _value_names(cx.names, cx.results)
    if names is None:
        return "no free names for the results the literal returns"
    return _Carry(names, [zero_value(r.type, cx.types) for r in cx.results])


def _assignable(cx: _Context, returns: list[Node]) -> bool:
    """Every result is named and, at each return that sets them, denotes the result (not a
    variable of the body that shadows it), and each such return starts its line in a
    statement list (its assignment goes on the line before the new return)."""
    if cx.denotes_result is None or not all(r.name and r.name != "_" for r in cx.results):
        return False
    for stmt in returns:
        if not return_values(stmt):
            continue
        if _line_indent(cx.src, stmt) is None:
            return False
        if not all(cx.denotes_result(r.name, stmt) for r in cx.results):
            return False
    return True


def _return_edits(cx: _Context, returns: list[Node], signal: str, carry: _Carry | None
                  ) -> list[Edit] | str:
    edits: list[Edit] = []
    results = cx.results
    for stmt in returns:
        values = return_values(stmt)
        if not results:
            edits.append(_replace(stmt, f"return {signal}"))
        elif carry is None:
            edits += _assign_results(cx, stmt, values, signal)
        elif not values:
            # A bare return: the results are named and in scope here (Go requires it).
            edits.append(_replace(stmt, "return " + ", ".join([signal, *(r.name for r in results)])))
        elif len(values) != len(results):
            spread = _spread_call(cx, stmt, values, signal, carry.names)
            if spread is None:
                return (f"`{_normal(text(cx.src, stmt))}` returns a multi-value call that "
                        f"cannot be spread into variables here")
            edits += spread
        else:
            edits.append(Edit(values[0].start_byte, values[0].start_byte,
                              f"{signal}, ".encode()))
    return edits


def _assign_results(cx: _Context, stmt: Node, values: list[Node], signal: str) -> list[Edit]:
    """`return x, y` with named results n, s: `n, s = x, y` then `return signal`; a value
    that is its result's own name (`return n, err` sets only err) is left out of the
    assignment, which go vet would call a self-assignment."""
    if not values:
        return [_replace(stmt, f"return {signal}")]
    names = [r.name for r in cx.results]
    if len(values) == len(names):
        kept = [i for i, v in enumerate(values)
                if not (v.type == "identifier" and text(cx.src, v) == names[i])]
    else:
        kept = list(range(len(values)))    # return g(): g returns all the results
    if not kept:
        return [_replace(stmt, f"return {signal}")]
    indent = _line_indent(cx.src, stmt) or b""
    lhs = ", ".join(names[i] for i in kept) if len(values) == len(names) else ", ".join(names)
    edits = [Edit(stmt.start_byte, values[0].start_byte, f"{lhs} = ".encode())]
    dropped = [i for i in range(len(values)) if i not in kept]
    last_kept = kept[-1]
    for i in dropped:
        if i < last_kept:
            edits.append(Edit(values[i].start_byte, values[i + 1].start_byte, b""))
    if dropped and dropped[-1] > last_kept:
        edits.append(Edit(values[last_kept].end_byte, values[-1].end_byte, b""))
    edits.append(Edit(stmt.end_byte, stmt.end_byte,
                      f"{cx.newline}{indent.decode()}\treturn {signal}".encode()))
    return edits


def _spread_call(cx: _Context, stmt: Node, values: list[Node], signal: str,
                 carried: list[str]) -> list[Edit] | None:
    """`return g()` with g returning all the results: `s, err := g()` then `return signal,
    s, err`, under the names the results travel with (not in scope inside the literal). The
    return must start its line and sit in a statement list."""
    if len(values) != 1 or values[0].type != "call_expression":
        return None
    indent = _line_indent(cx.src, stmt)
    if indent is None:
        return None
    joined = ", ".join(carried)
    return [Edit(stmt.start_byte, values[0].start_byte, f"{joined} := ".encode()),
            Edit(stmt.end_byte, stmt.end_byte,
                 f"{cx.newline}{indent.decode()}\treturn {signal}, {joined}".encode())]


def _line_indent(src: bytes, stmt: Node) -> bytes | None:
    """The indentation of the line `stmt` starts, when it starts its line in a block or a
    case clause (so a statement can go on a line of its own before or after it)."""
    parent = stmt.parent
    if parent is None or parent.type != "block" and parent.type not in CLAUSES:
        return None
    line_start = src.rfind(b"\n", 0, stmt.start_byte) + 1
    indent = src[line_start:stmt.start_byte]
    return None if indent.strip() else indent


def _unused_label(src: bytes, flow: Flow, loop: Node, rewritten: set[int],
                  after: list[str]) -> list[Edit]:
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
    if any(statement.split()[-1] == name for statement in after):
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


def _error_idiom(cx: _Context, returns: list[Node], certain: bool = True
                 ) -> tuple[list[str], list[Edit]] | None:
    """(zero values for the other results, edits) when every return in the body returns a
    certainly non-nil error (unless not `certain`) and the same constants for the other
    results: each return keeps only its error, and the code after the call returns the
    constants."""
    if cx.nonnil_error is None and certain:
        return None
    zeros: list[str] | None = None
    edits = []
    for stmt in returns:
        values = return_values(stmt)
        if len(values) != len(cx.results) or not all(_is_constant(v) for v in values[:-1]):
            return None
        others = [_normal(text(cx.src, v)) for v in values[:-1]]
        if zeros is not None and zeros != others:
            return None
        zeros = others
        if certain and not cx.nonnil_error(stmt, values[-1]):
            return None
        if len(values) > 1:
            edits.append(Edit(values[0].start_byte, values[-1].start_byte, b""))
    return zeros or [], edits


def _normal(code: str) -> str:
    return re.sub(r"\s+", " ", code).strip()


_CONSTANT = re.compile(r'^(nil|true|false|-?\d[\d_]*(\.\d+)?|"([^"\\]|\\.)*"|`[^`]*`|'
                       r"'([^'\\]|\\.)+'|[A-Za-z_][A-Za-z0-9_.]*\{\})$")


def _is_constant(node: Node) -> bool:
    code = node.text.decode("utf-8", "surrogateescape") if node.text else ""
    return bool(_CONSTANT.match(code))


# --- layout ----------------------------------------------------------------------------------

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


def _build(src: bytes, body: Node, layout: _Layout, plan: _Plan, final: str,
           newline: str) -> Edit:
    """One edit that replaces the statements of the body by the literal and what follows
    the call: the statements move one tab to the right, with the branch rewrites applied."""
    nl = newline
    ind1 = layout.indent + "\t"
    ind2 = ind1 + "\t"
    edits = plan.edits
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
    out = [f"{ind1}{line}{nl}".encode() for line in plan.prelude]
    out += [f"{ind1}{plan.opener}{nl}".encode(), middle]
    if final:
        out.append(f"{ind2}{final}{nl}".encode())
    out.append(f"{ind1}{plan.closer}{nl}".encode())
    if plan.trailer:
        out += [f"{ind2}{statement}{nl}".encode() for statement in plan.trailer]
        out.append(f"{ind1}}}{nl}".encode())
    for condition, statement in plan.dispatch:
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
