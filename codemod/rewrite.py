"""The rewrite of a loop body into an immediately-invoked func literal.

defer-in-loop's fix: the body moves into `func() { … }()` so that its defers run every
iteration, and the branches that leave the body are carried out of the literal. The design
follows gopls' extract-function and the compiler's range-over-func rewrite
(`cmd/compile/internal/rangefunc`): a branch that leaves the body becomes a `return` of a
value that says where to go, and a small dispatch after the call performs the branch. The
output is written for a reviewer, so the forms are, from the most common down:

- `func() { … }()` when the body only falls off its end or `continue`s (which become `return`);
- `if err := func() error { … }(); err != nil { return …, err }` when every `return` in the
  body returns a provably non-nil error and nothing else leaves the body;
- otherwise `next := func() string { … }()` where each leaving branch returns a word that names
  it (`return "break"`, `return "continue outer"`, `return "goto retry"`, `return "return"`),
  the function's results travel with it when it has some, and an `if next == "…"` per kind
  follows the call. `continue` and the end of the body return `"continue"`.

Where each branch goes and which statements terminate comes from `analysis.controlflow`;
the results' types and zero values from `analysis.types`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from .analysis.controlflow import Flow, label_name
from .analysis.syntax import CLAUSES, return_values, statements, strictly_within, text
from .analysis.types import NUMERIC, Result, TypeLookup, function_results, zero_value
from .model import Edit


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
        values = return_values(stmt)
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
    carry = bool(results) and any(return_values(r) for r in returns) or \
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
            values = return_values(stmt)
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
    if NUMERIC.match(t) or t in ("byte", "rune", "uintptr"):
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
