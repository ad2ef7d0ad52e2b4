"""deferred-func-result: `defer f(x)` where f's single result is a function (staticcheck SA9010).

The `defer trace("x")()` idiom runs trace now and defers the func it returns; written without
the last `()`, trace itself runs at exit and the func it returns is dropped. go/types says,
call by call, what the deferred call returns (a func type, named or not, as its only
result); a call with several results or none is not a finding. The fix adds the missing
call and is unsafe: f then runs at the defer statement instead of at exit, which is what
the idiom wants but not what a call deferred on purpose wants (a setter whose result, a
restore func, is dropped deliberately).

Without types only what the syntax shows for certain is a finding: a call of a function
of the package (not shadowed by a local) or of a func literal whose one declared result is
written as a func type, or as a type of the package defined as one. Everything else (a
method, a func value, another package's function) has no finding then. Most deferred calls
are settled by the syntax (a func literal, a package function, a builtin); go/types is asked
only of the rest that may return a func (`_worth_asking`: not of the standard library's
functions and methods, which would type-check every package for next to no finding).
"""

from __future__ import annotations

import re

import tree_sitter

from codemod.analysis import universe
from codemod.analysis.gotypes import Call
from codemod.analysis.origin import assigned_values
from codemod.analysis.package import is_standard_library
from codemod.analysis.syntax import brief
from codemod.analysis.types import function_results, untyped
from codemod.context import FileContext, Rule
from codemod.model import Applicability, Finding

RULE = Rule(
    id="deferred-func-result",
    summary="`defer f(x)` where f returns a func: `defer f(x)()` was probably meant",
    fixes=("unsafe",),
    explain="""\
Finds `defer f(x)` where f's only result is a function (a func type, named or not): the
`defer trace("x")()` idiom with the last call missing (staticcheck SA9010). As written, f
runs when the function returns and the func it returns is thrown away, so the "enter" half
of a trace runs at exit and the "exit" half never runs. go/types says what each deferred
call returns: functions, methods (`defer t.trace("x")`) and calls of func values count.

Before:
    func work() {
        defer trace("work")
        fmt.Println("working")
    }

After (--unsafe-fixes):
    func work() {
        defer trace("work")()
        fmt.Println("working")
    }

Unsafe: the fix makes f(x) run at the defer statement instead of at exit, and the func it
returns run at exit. That is what the trace idiom wants, but a setter that returns a
restore func (`defer setDebug(false)`) may be deferred on purpose, its result dropped:
check which was meant.
Not a finding: a call with no result or with several results, `defer f(x)()` already, a
call whose result is an interface (even one a func could be stored in), and, without
go/types, anything but a call of a function of the package (or of a func literal) whose
one declared result is written as a func type or as a type of the package defined as one.
go/types is not asked about calls of the standard library's functions and methods (next to
none returns one func: context.AfterFunc, sync.OnceFunc) nor of methods whose receiver's
type is not visible and that the package does not declare: asking type-checks the package,
and nearly every package defers a Close or an Unlock.
""",
)

_DEFERRED_CALL = "(defer_statement (call_expression) @call)"


def find(ctx: FileContext) -> list[Finding]:
    if b"defer" not in ctx.src:
        return []
    findings = []
    for call in ctx.captures(_DEFERRED_CALL).get("call", []):
        verdict = _judge(ctx, call)
        if verdict is not None:
            findings.append(_finding(ctx, call, *verdict))
    return findings


def _judge(ctx: FileContext, call: tree_sitter.Node) -> tuple[str, str] | None:
    """(the func type the call returns, why) when the deferred call's single result is a
    func, else None."""
    written = _written_result(ctx, call)
    if written is not None and not written[0]:
        return None   # the syntax shows for certain that it does not return one func
    if written is None and not _worth_asking(ctx, call):
        return None
    answer = ctx.types.call(call)
    if isinstance(answer, Call):
        if len(answer.results) != 1 or answer.results[0].kind != "func":
            return None
        result = answer.results[0]
        return result.written or result.type, f"go/types says it returns {result.written or result.type}"
    if written is None:
        return None   # the syntax cannot tell, and types did not settle it: no finding
    return written[1], f"its declaration returns {written[1]} ({untyped(answer)})"


def _worth_asking(ctx: FileContext, call: tree_sitter.Node) -> bool:
    """Whether to ask go/types about a deferred call the syntax cannot settle. Asking
    type-checks the package, and nearly every package defers a Close or an Unlock: asked of
    every call, go/types would make a cold check of GOROOT/src three times slower (11 s to
    36 s) for no finding. So it is asked of a call of a local func value, of a function of
    an import outside the standard library, and of a method when the package declares a
    method of that name whose one result may be a func, or when the receiver's written type
    is of an import outside the standard library. Calls of the standard library's functions
    and methods (it has few that return one func: context.AfterFunc, sync.OnceFunc) and of
    methods whose type is not visible are not asked, and not found."""
    function = call.child_by_field_name("function")
    if function is None:
        return False
    non_std = _outside_std(ctx)
    # No scope analysis for `die(x)` when nothing in the function can declare `die`.
    no_local = function.type == "identifier" and ctx.declares_no_local(function)
    sc = ctx.scopes(call) if not no_local and (function.type != "selector_expression"
                                               or non_std) else None
    if function.type == "identifier":
        variable = sc.resolve(function) if sc is not None else None
        if variable is None:   # a generic function of the package: its result may be a T
            name = ctx.text(function)
            return _may_declare_func_result(ctx, name, method=False) and any(
                decl.child_by_field_name("type_parameters") is not None
                for _, decl in ctx.package.functions(name))
        return _value_may_return_func(ctx, sc, variable)
    if function.type == "call_expression":   # `trace("x")()`: what the func trace returns returns
        return _value_may_return_func(ctx, sc, None, [function])
    if function.type != "selector_expression":
        return True   # `fs[i](x)`, `(f)(x)`: rare, asked
    operand = function.child_by_field_name("operand")
    field = function.child_by_field_name("field")
    if operand is None or field is None:
        return False
    if operand.type == "identifier" and ctx.text(operand) in ctx.imports:
        # `pkg.F`, or a local that shadows the import: asked only for an import outside
        # the standard library (a shadowing local of a standard name is not asked).
        return ctx.text(operand) in non_std
    if _may_declare_func_result(ctx, ctx.text(field), method=True):
        for other, decl in ctx.package.functions(ctx.text(field), method=True):
            results = function_results(decl, other.src)
            if len(results) == 1 and _kind(other, results[0].node,
                                            results[0].type) is not False:
                return True
    if not non_std or sc is None:
        return False   # no receiver can be of a type outside the standard library's here
    written = ctx.types.of(sc, operand)
    qualifier = written.lstrip("*").split(".", 1)[0] if written and "." in written else ""
    return qualifier in non_std


def _may_declare_func_result(ctx: FileContext, name: str, method: bool) -> bool:
    """Whether a function (or method) `name` of the package may be declared with one result
    that is a func, read off the bytes of its declarations before anything is parsed (most
    deferred calls are of a `Close() error` or an `Unlock()`): a result written as a func
    type, or as a name that is not a predeclared type, or results not read."""
    return _in_package_may_declare(ctx, name, method)


def _in_package_may_declare(ctx: FileContext, name: str, method: bool) -> bool:
    # A text of its own (a fix pass, stdin) first, once per name (a file defers many Close
    # and Unlock calls); the disk's text is one of the package's files, read below.
    if not ctx.package.text_on_disk and ctx._cached(
            ("func-result-declared", name, method),
            lambda: _src_may_declare(ctx.src, name, method)):
        return True
    # Over every file of the package on disk (this one's disk text too: a prefilter may say
    # yes too often), once per directory, package and name, shared by the package's files.
    directory = ctx.package.directory
    key = ("func-result-declared", ctx.package.name, name, method)
    if key not in directory.memo:
        directory.memo[key] = any(_src_may_declare(f.src, name, method)
                                  for f in directory.package_files(ctx.package.name))
    return directory.memo[key]


def _src_may_declare(src: bytes, name: str, method: bool) -> bool:
    """Whether `src` may declare the function (method) `name` with one func result."""
    needle = name.encode()
    if needle not in src:
        return False
    at = src.find(needle)
    while at >= 0:
        line = src.rfind(b"\n", 0, at) + 1
        # _DECLARATION's lines start with `func`: the many calls (`mu.Unlock()`) do not.
        match = _DECLARATION.match(src, line) if src.startswith(b"func", line) else None
        if match is not None and match.start(2) == at and (match.group(1) is not None) == method \
                and _result_may_be_func(src, match.end()):
            return True
        at = src.find(needle, at + len(needle))
    return False


# A declaration's head, up to the `(` of its parameters: `func Name(`, `func (r *T) Name[T
# any](`, at the start of a line (gofmt-ed).
_DECLARATION = re.compile(rb"^func[ \t]*(\([^()\n]*\)[ \t]*)?([^\W\d]\w*)[ \t]*"
                          rb"(?:\[[^\]\n]*\][ \t]*)?\(", re.MULTILINE)


_NOT_FUNC = re.compile(rb"(?:\*|\[|map\[|chan\b|<-|interface\b|struct\b|(?:"
                       + b"|".join(t.encode() for t in sorted(universe.TYPES)) + rb")\b)")


def _result_may_be_func(src: bytes, start: int) -> bool:
    """After a declaration's `(` at `start`: whether what follows its parameters may be one
    func result (True when unsure): not when there is none, several, or one written as a
    pointer, slice, map, channel, interface, struct or predeclared type."""
    close = _closing(src, start)
    if close < 0:
        return True
    brace = src.find(b"{", close)
    newline = src.find(b"\n", close)
    end = min(e for e in (brace, newline, len(src)) if e >= 0)
    result = src[close:end].strip()
    if not result:
        return False
    if result.startswith(b"("):
        inner_end = _closing(result, 1)
        if inner_end < 0:
            return True
        parts = _top_level_split(result[1:inner_end - 1])
        if len(parts) != 1:
            return False   # several results (or several names)
        result = parts[0].strip()
        name, _, rest = result.partition(b" ")
        if rest.strip() and re.fullmatch(rb"[^\W\d]\w*", name) and not name.startswith(b"func"):
            result = rest.strip()   # a named result: `(err error)`
    if result.startswith(b"func"):
        return True
    return _NOT_FUNC.match(result) is None


def _closing(src: bytes, start: int) -> int:
    """Just after the `)` that closes the `(` before `start`; -1 when not within 4000 bytes."""
    depth, at = 1, start
    while depth:
        close = src.find(b")", at, start + 4000)
        if close < 0:
            return -1
        depth += src.count(b"(", at, close) - 1
        at = close + 1
    return at


def _top_level_split(text: bytes) -> list[bytes]:
    parts, depth, begin = [], 0, 0
    for at, char in enumerate(text):
        if char in b"([{":
            depth += 1
        elif char in b")]}":
            depth -= 1
        elif char == 0x2C and depth == 0:
            parts.append(text[begin:at])
            begin = at + 1
    parts.append(text[begin:])
    return [p for p in parts if p.strip()]


def _outside_std(ctx: FileContext) -> set[str]:
    """The file's import names of packages outside the standard library (cgo's "C" is none:
    its functions return C types, never a func)."""
    return ctx._cached("imports-outside-std", lambda: {
        name for name, path in ctx.imports.items()
        if path != "C" and not is_standard_library(path)})


def _value_may_return_func(ctx: FileContext, sc, variable, values=None) -> bool:
    """Whether calling the local func value may return a func, from its written type or the
    values assigned to it: a func literal, a function or method value of the package, a
    result of the package's function or of an import outside the standard library
    (`cancel` from context.WithCancel is not asked)."""
    if variable is not None and variable.type is not None and variable.type.node is not None:
        return _signature_may_return_func(ctx, variable.type.node)
    for value in values if values is not None else assigned_values(variable):
        while value.type == "parenthesized_expression" and value.named_children:
            value = value.named_children[0]
        if value.type == "function_literal":
            results = function_results(value, ctx.src)
            if len(results) == 1 and _kind(ctx, results[0].node, results[0].type) is not False:
                return True
            continue
        callee = value.child_by_field_name("function") if value.type == "call_expression" \
            else value
        for node in _declarations_named(ctx, sc, callee):
            if node is True:
                return True
            results = function_results(node[1], node[0].src)
            if value.type != "call_expression":
                if len(results) == 1 and _kind(node[0], results[0].node,
                                                results[0].type) is not False:
                    return True
            elif any(r.node is None or _signature_may_return_func(node[0], r.node)
                     for r in results):
                return True
    return False


def _declarations_named(ctx: FileContext, sc, callee) -> list:
    """The package's declarations a function or method expression may name, as (context,
    declaration); True in the list for one that cannot be seen and should be asked (a
    function of an import outside the standard library, a local, an unknown shape)."""
    if callee is None:
        return []
    if callee.type == "identifier":
        variable = sc.resolve(callee)
        if variable is not None:   # a local func: its literals' signatures, when visible
            values = assigned_values(variable)
            return [(ctx, v) for v in values] if values and all(
                v.type == "function_literal" for v in values) else [True]
        return ctx.package.functions(ctx.text(callee))
    if callee.type != "selector_expression":
        return [True]
    operand = callee.child_by_field_name("operand")
    field = callee.child_by_field_name("field")
    if operand is None or field is None:
        return []
    if operand.type == "identifier" and sc.resolve(operand) is None \
            and ctx.text(operand) in ctx.imports:
        return [] if is_standard_library(ctx.imports[ctx.text(operand)]) else [True]
    return ctx.package.functions(ctx.text(field), method=True)


def _signature_may_return_func(ctx: FileContext, type_node) -> bool:
    """A written func type (or a type of the package defined as one) whose one result may
    be a func; a type the package does not define may be one."""
    while type_node.type == "parenthesized_type" and type_node.named_children:
        type_node = type_node.named_children[0]
    if type_node.type == "qualified_type":
        # Another package's type: its signature is not visible; the standard library's
        # (context.CancelFunc) are not asked about, as its functions are not.
        qualifier = ctx.text(type_node).split(".", 1)[0].strip()
        return qualifier in _outside_std(ctx)
    if type_node.type != "function_type":
        kind = _kind(ctx, type_node, ctx.text(type_node))
        return kind is None   # a generic instance, a type parameter: not visible
    result = type_node.child_by_field_name("result")
    if result is None:
        return False
    results = [c for c in result.named_children if c.type == "parameter_declaration"] \
        if result.type == "parameter_list" else [result]
    if len(results) != 1 or result.type == "parameter_list" and len(
            results[0].children_by_field_name("name")) > 1:
        return False
    node = results[0].child_by_field_name("type") if result.type == "parameter_list" \
        else result
    return node is not None and _kind(ctx, node, ctx.text(node)) is not False


def _written_result(ctx: FileContext, call: tree_sitter.Node) -> tuple[bool, str] | None:
    """What the syntax says for certain of the call's results: (True, the func type) when
    its one result is a func, (False, "") when it is not, None when it cannot tell."""
    function = call.child_by_field_name("function")
    while function is not None and function.type == "parenthesized_expression" \
            and function.named_children:
        function = function.named_children[0]
    if function is None:
        return None
    if function.type == "function_literal":
        return _func_result(ctx, [function_results(function, ctx.src)])
    if function.type != "identifier":
        return None
    if not ctx.declares_no_local(function):   # most often, no scope analysis is needed
        sc = ctx.scopes(call)
        if sc is None or sc.resolve(function) is not None:
            return None   # a local func value: its type is go/types' to say
    name = ctx.text(function)
    if not _may_declare_func_result(ctx, name, method=False):
        return False, ""   # no declaration of the package may return a func (a builtin)
    declarations = ctx.package.functions(name)
    if not declarations:
        return None
    if any(decl.child_by_field_name("type_parameters") is not None for _, decl in declarations):
        return None   # a generic function: its result may be a type parameter
    return _func_result(ctx, [function_results(decl, other.src)
                              for other, decl in declarations])


def _func_result(ctx: FileContext, declared: list[list]) -> tuple[bool, str] | None:
    """Over the declarations of one name (a package may declare it once per build
    variant): (True, type) when each has one result written as a func type or as a type of
    the package defined as one, (False, "") when none has, None when they differ or a
    result's type is not visible (another package's named type)."""
    verdicts = set()
    for results in declared:
        if len(results) != 1:
            verdicts.add((False, ""))
            continue
        kind = _kind(ctx, results[0].node, results[0].type)
        if kind is None:
            return None
        verdicts.add((True, results[0].type) if kind else (False, ""))
    if len(verdicts) != 1:
        return None
    return verdicts.pop()


def _kind(ctx: FileContext, node: tree_sitter.Node | None, written: str) -> bool | None:
    """Whether a written result type is a func type: True, False, or None when it is a
    type the package does not define (another package's, a generic instance, a type
    parameter)."""
    while node is not None and node.type == "parenthesized_type" and node.named_children:
        node = node.named_children[0]
    if node is not None:
        if node.type == "function_type":
            return True
        if node.type in ("qualified_type", "generic_type"):
            return None
        if node.type != "type_identifier":
            return False   # a pointer, slice, map, channel, struct, interface, array
        written = ctx.text(node)
    for _ in range(5):   # through the package's definitions (`type restore func()`)
        written = written.strip()
        if _FUNC_TYPE.match(written):
            return True
        if not written.isidentifier():
            return None if _OTHER_NAMED.match(written) else False
        if written in universe.TYPES:
            return False
        definition = ctx.types.package_definitions.get(written)
        if definition is None:
            return None   # not the package's type: a type parameter, a dot import
        written = definition
    return None


_FUNC_TYPE = re.compile(r"^func\s*\(")
# `pkg.T`, `List[int]`, `(T)`: a type whose definition is not visible here.
_OTHER_NAMED = re.compile(r"^\(|^[^\W\d]\w*(\.[^\W\d]\w*)?\s*(\[|$)")


def _finding(ctx: FileContext, call: tree_sitter.Node, result: str, why: str) -> Finding:
    code = brief(ctx.src, call)
    fix = ctx.fix(Applicability.UNSAFE, f"defer {code}()", [ctx.insert(call.end_byte, "()")],
                  reason=f"{code} would run at the defer statement instead of at exit, and "
                         f"the {result} it returns at exit: right for the `defer f(x)()` "
                         f"idiom, wrong for a call deferred on purpose whose result is "
                         f"dropped (a setter that returns a restore func); {why}")
    return ctx.finding(RULE.id, call.parent,
                       f"defer {code} runs {_callee(ctx, call)} at exit and never calls the "
                       f"{result} it returns; was defer {code}() meant?", fix)


def _callee(ctx: FileContext, call: tree_sitter.Node) -> str:
    function = call.child_by_field_name("function")
    return brief(ctx.src, function, 30) if function is not None else "the function"
