"""codemod/analysis/scopes.py on its own: resolution with shadowing, writes, captures, written types."""

from __future__ import annotations

import time

import pytest

from codemod import parsing
from codemod.context import FileContext
from codemod.analysis.scopes import Access, Scopes
from codemod.analysis.types import range_types


def _analyze(body: str, extra: str = "") -> tuple[FileContext, Scopes]:
    src = f"package p\n\n{extra}\nfunc f(a int, s []string) (n int, err error) {{\n{body}\n}}\n"
    ctx = FileContext("x.go", src.encode(), (1, 21))
    fn = next(c for c in ctx.root.named_children if c.type == "function_declaration")
    return ctx, ctx.scopes(fn)


def _idents(ctx: FileContext, name: str) -> list:
    found = ctx.captures("((identifier) @id (#eq? @id \"%s\"))" % name).get("id", [])
    return found


def _at(ctx: FileContext, sc: Scopes, name: str, nth: int):
    """The variable the nth identifier `name` (0-based, source order) resolves to."""
    return sc.resolve(_idents(ctx, name)[nth])


def _line(var) -> int:
    return var.node.start_point.row + 1


def test_short_var_redeclaration_in_same_scope_writes_the_old_variable() -> None:
    ctx, sc = _analyze("x := 1\nx, y := 2, 3\n_ = x + y")
    first, second, third = (_at(ctx, sc, "x", i) for i in range(3))
    assert first is second is third
    assert [u.how for u in first.writes] == [":="]
    assert _at(ctx, sc, "y", 0).how == ":="


def test_redeclaration_of_a_parameter_at_body_level_is_a_write() -> None:
    ctx, sc = _analyze("a, b := 1, 2\n_ = b\nerr = nil")
    param = _at(ctx, sc, "a", 0)
    assert param.kind == "param" and _at(ctx, sc, "a", 1) is param
    assert [u.how for u in param.writes] == [":="]
    assert _at(ctx, sc, "err", 1).kind == "result"


def test_short_var_in_inner_block_shadows() -> None:
    ctx, sc = _analyze("x := 1\n{\nx := x + 1\n_ = x\n}\n_ = x")
    outer = _at(ctx, sc, "x", 0)
    inner = _at(ctx, sc, "x", 1)
    assert inner is not outer
    assert _at(ctx, sc, "x", 2) is outer          # the right-hand side is the outer x
    assert _at(ctx, sc, "x", 3) is inner
    assert _at(ctx, sc, "x", 4) is outer
    assert not outer.writes


def test_if_header_opens_a_scope_for_if_and_else() -> None:
    ctx, sc = _analyze("e := g()\nif e := h(); e != nil {\n_ = e\n} else {\n_ = e\n}\n"
                       "_ = e")
    outer, header = _at(ctx, sc, "e", 0), _at(ctx, sc, "e", 1)
    assert outer is not header and header.kind == "var"
    assert [_at(ctx, sc, "e", i) for i in (2, 3, 4)] == [header] * 3
    assert _at(ctx, sc, "e", 5) is outer


def test_for_header_variables_know_their_loop() -> None:
    ctx, sc = _analyze("i := 9\nfor i := 0; i < 3; i++ {\n_ = i\n}\nfor i = 0; i < 3; i++ {}\n"
                       "for k, v := range s {\n_, _ = k, v\n}")
    outer, header = _at(ctx, sc, "i", 0), _at(ctx, sc, "i", 1)
    loops = ctx.captures("(for_statement) @l")["l"]
    assert header.loop == loops[0] and header.how == "for" and outer.loop is None
    assert [u.how for u in header.writes] == ["++"]
    assert [u.how for u in outer.writes] == ["=", "++"]
    assert header.declared_within(loops[0]) and not header.declared_within(
        loops[0].child_by_field_name("body"))
    key, value = _at(ctx, sc, "k", 0), _at(ctx, sc, "v", 0)
    assert key.loop == loops[2] and value.how == "range"
    assert (key.type.text, value.type.text) == ("int", "string")


def test_range_expression_is_resolved_before_the_new_names() -> None:
    ctx, sc = _analyze("x := []int{1}\nfor _, x := range x {\n_ = x\n}")
    outer = _at(ctx, sc, "x", 0)
    assert _at(ctx, sc, "x", 2) is outer
    assert _at(ctx, sc, "x", 1) is _at(ctx, sc, "x", 3) is not outer
    assert _at(ctx, sc, "x", 1).type.text == "int"


def test_range_assign_writes_outer_variables() -> None:
    ctx, sc = _analyze("var k int\nvar v string\nfor k, v = range s {\n}\n_, _ = k, v")
    assert [u.how for u in _at(ctx, sc, "k", 0).writes] == ["range="]
    assert [u.how for u in _at(ctx, sc, "v", 0).writes] == ["range="]


def test_switch_headers_and_clauses() -> None:
    ctx, sc = _analyze("x := 1\nswitch x := 2; x {\ncase 1:\nx := 3\n_ = x\ndefault:\n_ = x\n}"
                       "\n_ = x")
    outer, header, clause = (_at(ctx, sc, "x", i) for i in (0, 1, 3))
    assert len({id(outer), id(header), id(clause)}) == 3
    assert _at(ctx, sc, "x", 2) is header
    assert _at(ctx, sc, "x", 4) is clause
    assert _at(ctx, sc, "x", 5) is header
    assert _at(ctx, sc, "x", 6) is outer


def test_type_switch_declares_one_variable_per_clause() -> None:
    ctx, sc = _analyze("var x any\nswitch v := x.(type) {\ncase int:\n_ = v\n"
                       "case string, error:\n_ = v\ndefault:\n_ = v\n}")
    in_int, in_multi, in_default = (_at(ctx, sc, "v", i) for i in (1, 2, 3))
    assert len({id(in_int), id(in_multi), id(in_default)}) == 3
    assert in_int.type.text == "int"
    assert in_multi.type.text == "any" and in_default.type.text == "any"
    assert _at(ctx, sc, "x", 1) is _at(ctx, sc, "x", 0)


def test_select_receive_declares_or_writes() -> None:
    ctx, sc = _analyze("ch := make(chan int)\nvar w int\nselect {\ncase v, ok := <-ch:\n"
                       "_, _ = v, ok\ncase w = <-ch:\n}\n_ = w")
    v = _at(ctx, sc, "v", 0)
    assert v.how == "recv" and v.type.text == "int" and _at(ctx, sc, "ok", 0).type.text == "bool"
    assert [u.how for u in _at(ctx, sc, "w", 0).writes] == ["recv="]


def test_labels_fields_and_struct_keys_are_not_variable_uses() -> None:
    ctx, sc = _analyze("x := 1\ny := 2\nx:\nfor {\nbreak x\n}\nvar t T\n_ = t.x\n"
                       "_ = T{x: y}\n_ = map[int]int{x: 1}\n_ = U{x: 1}",
                       extra="type T struct{ x int }\ntype U = map[int]int\n")
    x = _at(ctx, sc, "x", 0)
    # Uses of x: only the map literal keys (U is an alias of a map type), never the label,
    # the field selector or the struct key.
    assert [u.node.start_point.row for u in x.uses] == [
        n.start_point.row for n in (_idents(ctx, "x")[2], _idents(ctx, "x")[3])]
    assert all(u.access == Access.READ for u in x.uses)


def test_key_of_a_literal_with_unknown_type_is_a_possible_use() -> None:
    ctx, sc = _analyze("x := 1\n_ = other.T{x: 1}")
    (use,) = _at(ctx, sc, "x", 0).uses
    assert use.access & Access.KEY and not _at(ctx, sc, "x", 0).reads


def test_nested_elided_struct_literal_keys_are_fields() -> None:
    ctx, sc = _analyze("x := 1\n_ = []T{{x: 1}, {x: x}}", extra="type T struct{ x int }\n")
    x = _at(ctx, sc, "x", 0)
    assert len(x.uses) == 1 and x.uses[0].node == _idents(ctx, "x")[3]


def test_local_const_and_type_shadow_variables() -> None:
    ctx, sc = _analyze("x := 1\n{\nconst x = 2\n_ = x\n}\n{\ntype x int\n_ = x(3)\n}\n_ = x")
    outer = _at(ctx, sc, "x", 0)
    assert _at(ctx, sc, "x", 2).kind == "const"
    assert _at(ctx, sc, "x", 3).kind == "type"  # x(3) converts to the local type
    assert outer.uses == [sc.use_at(_idents(ctx, "x")[4])]


def test_func_literal_sees_only_earlier_declarations() -> None:
    ctx, sc = _analyze("g := func() { g() }\n_ = g")
    assert _at(ctx, sc, "g", 1) is None  # the literal's g is not the variable being declared
    assert _at(ctx, sc, "g", 2) is _at(ctx, sc, "g", 0)


def test_writes_addresses_and_method_calls() -> None:
    ctx, sc = _analyze("var v T\nv.f = 1\nv.g[a]++\np := &v\nq := &v.f\nv.M()\nv.f.N()\n"
                       "*p = T{}\n_, _ = q, p")
    v = _at(ctx, sc, "v", 0)
    assert not v.writes
    assert [u.how for u in v.partial_writes] == ["=", "++"]
    assert [(bool(u.partial)) for u in v.addresses] == [False, True]
    assert [(bool(u.partial)) for u in v.calls] == [False, True]
    assert v.address_taken and len(v.possible_writes) == 6
    p = _at(ctx, sc, "p", 0)
    assert not p.possible_writes  # *p = … writes the pointee, not p
    assert _at(ctx, sc, "a", 0).kind == "param" and _at(ctx, sc, "a", 1).kind == "param"


def test_op_assign_and_inc_dec_read_and_write() -> None:
    ctx, sc = _analyze("n += 2\nn--")
    uses = _at(ctx, sc, "n", 0).uses
    assert [u.how for u in uses] == ["op=", "--"]
    assert all(u.access == Access.READ | Access.WRITE for u in uses)


def test_captures_by_func_literals() -> None:
    ctx, sc = _analyze("x, y := 1, 2\ndefer func() {\nz := x\ny++\n_ = z\n}()\n"
                       "go func(x int) { _ = x }(x)")
    literals = ctx.captures("(function_literal) @f")["f"]
    x, y = _at(ctx, sc, "x", 0), _at(ctx, sc, "y", 0)
    free = sc.free_variables(literals[0])
    assert set(free) == {x, y}
    assert [u.how for u in free[y]] == ["++"] and free[x][0].access == Access.READ
    assert x.capturing_literals == [literals[0]] and y.capturing_literals == [literals[0]]
    assert x.captured_uses(literals[1]) == []
    assert not sc.free_variables(literals[1])   # the goroutine receives x as an argument
    assert free[x][0].function == literals[0]


def test_nested_literal_captures_through_both_literals() -> None:
    ctx, sc = _analyze("x := 1\nf := func() {\ng := func() { x = 2 }\ng()\n}\nf()")
    outer, inner = ctx.captures("(function_literal) @f")["f"]
    x = _at(ctx, sc, "x", 0)
    assert x.capturing_literals == [outer, inner]
    assert [u.how for u in sc.free_variables(outer)[x]] == ["="]


def test_positions_used_after_and_written_after() -> None:
    ctx, sc = _analyze("x := 1\ndefer println(x)\nx = 2\nfor {\nx++\n}")
    x = _at(ctx, sc, "x", 0)
    defer_stmt = ctx.captures("(defer_statement) @d")["d"][0]
    loop = ctx.captures("(for_statement) @l")["l"][0]
    assert x.used_after(defer_stmt.end_byte)
    assert [u.how for u in x.written_after(defer_stmt.end_byte)] == ["=", "++"]
    assert [u.how for u in x.written_after(defer_stmt.end_byte, within=loop)] == ["++"]
    assert len(x.uses_within(loop)) == 1


def test_lookup_by_position() -> None:
    ctx, sc = _analyze("x := 1\nif true {\nx := 2\n_ = x\n}\n_ = x")
    uses = _idents(ctx, "x")
    assert sc.lookup("x", uses[2].start_byte) is _at(ctx, sc, "x", 1)
    assert sc.lookup("x", uses[3].start_byte) is _at(ctx, sc, "x", 0)
    assert sc.lookup("x", uses[0].start_byte) is None  # not yet declared
    assert sc.lookup("a", uses[0].start_byte).kind == "param"


@pytest.mark.parametrize("decl, want", [
    ("x := 0", "int"), ("x := int64(0)", "int64"), ("x := 1.5", "float64"),
    ("x := 'a'", "rune"), ("x := `s`", "string"), ("x := []byte(\"s\")", "[]byte"),
    ("x := make(map[string]int)", "map[string]int"), ("x := len(s)", "int"),
    ("x := map[string]bool{}", "map[string]bool"), ("x := &T{}", "*T"), ("x := new(T)", "*T"),
    ("x := a + 1", "int"), ("x := 2 * 1.5", "float64"), ("x := a > 1", "bool"),
    ("x := s[0]", "string"), ("x := s[1:]", "[]string"), ("x := \"ab\"[0]", "byte"),
    ("var x uint8 = 1", "uint8"), ("x := T(a)", "T"), ("x := -a", "int"),
    ("x := func(y int) error { return nil }", "func(y int) error"),
    ("x := g()", None), ("x := pkg.Value", None), ("x := a << 2", "int"),
])
def test_written_types(decl: str, want: str | None) -> None:
    ctx, sc = _analyze(f"{decl}\n_ = x", extra="type T struct{}\n")
    x = _at(ctx, sc, "x", 0)
    assert (x.type.text if x.type else None) == want


@pytest.mark.parametrize("decl, key, value", [
    ("var c chan int", "int", None), ("m := map[string][]int{}", "string", "[]int"),
    ("str := \"abc\"", "int", "rune"), ("var arr [4]T", "int", "T"),
    ("var ptr *[4]T", "int", "T"), ("var lst L", "int", "byte"), ("var n int64", "int64", None),
])
def test_range_types(decl: str, key: str | None, value: str | None) -> None:
    ctx, sc = _analyze(decl, extra="type T struct{}\ntype L []byte\n")
    var = sc.variables[-1]
    got = range_types(sc.types.underlying(var.type))
    assert tuple(t.text if t else None for t in got) == (key, value)


def test_variadic_and_range_over_it() -> None:
    src = b"package p\nfunc f(xs ...int64) {\nfor i, x := range xs {\n_, _ = i, x\n}\n}\n"
    ctx = FileContext("x.go", src, (1, 21))
    sc = ctx.scopes(ctx.root.named_children[1])
    xs, i, x = sc.variables
    assert xs.type.text == "[]int64"
    assert (i.type.text, x.type.text) == ("int", "int64")


def test_generic_and_method_declarations() -> None:
    src = (b"package p\nfunc (r *R[T]) M(T, int) (out []T) {\nfor _, e := range out {\n"
           b"_ = e\n}\n_ = r\n}\n")
    ctx = FileContext("x.go", src, (1, 21))
    sc = ctx.scopes(ctx.root.named_children[1])
    names = [(v.name, v.kind) for v in sc.variables]
    assert names == [("r", "receiver"), ("out", "result"), ("e", "var")]
    assert sc.variables[2].type.text == "T"


def test_cached_per_function_and_reachable_from_any_node() -> None:
    ctx, sc = _analyze("defer func() { _ = a }()")
    ident = _idents(ctx, "a")[0]
    assert ctx.scopes(ident) is sc
    assert sc.resolve(ident).kind == "param"


def test_names_in_collects_identifiers_types_and_packages() -> None:
    ctx, sc = _analyze("defer func() { var z T; fmt.Println(z, a) }()", extra="type T int\n")
    literal = ctx.captures("(function_literal) @f")["f"][0]
    assert {"z", "T", "fmt", "a"} <= sc.names_in(literal)
    assert "Println" not in sc.names_in(literal)


def test_deep_expressions_do_not_recurse_and_are_fast() -> None:
    terms = " + ".join(["a"] * 3000)
    ctx, sc = _analyze(f"x := {terms}\n_ = x")
    assert len(_at(ctx, sc, "a", 0).uses) == 3000
    body = "\n".join(f"v{i} := a + {i}\nif v{i} > 0 {{ v{i}++ }}" for i in range(2000))
    started = time.process_time()  # CPU time: the shared machine's load does not count
    _analyze(body)
    assert time.process_time() - started < 2.0


def test_return_with_values_writes_named_results() -> None:
    ctx, sc = _analyze("defer func() { _ = err }()\nif a > 0 {\nreturn 1, nil\n}\nreturn")
    err = _at(ctx, sc, "err", 0)
    assert [u.how for u in err.writes] == ["return"]
    assert [u.how for u in _at(ctx, sc, "n", 0).writes] == ["return"]


def test_changes_value_depends_on_the_written_type() -> None:
    ctx, sc = _analyze("var p *T\nvar v T\nvar xs []int\nvar arr [3]int\nvar e error\n"
                       "p.f = 1\nv.f = 1\nxs[0] = 1\narr[0] = 1\n_ = &xs[0]\n_ = &arr[0]\n"
                       "p.M()\nv.M()\ne.Error()\nxs = nil\n_ = &p",
                       extra="type T struct{ f int }\n")
    changed = {(u.variable.name, u.node.start_point.row) : sc.types.changes_value(u)
               for u in sc.uses if u.may_change}
    by_name: dict[str, list[bool]] = {}
    for (name, _), value in sorted(changed.items(), key=lambda kv: kv[0][1]):
        by_name.setdefault(name, []).append(value)
    assert by_name == {"p": [False, False, True], "v": [True, True], "xs": [False, False, True],
                       "arr": [True, True], "e": [False]}


def test_package_level_vars_of_the_file_give_written_types() -> None:
    extra = ("var cases = []struct{ name string }{{\"a\"}}\nvar limit int64\n"
             "const greeting = \"hi\"\nvar (\n\tgrouped = map[string]bool{}\n)\n")
    ctx, sc = _analyze("for _, tc := range cases {\n_ = tc\n}\nl := limit\ng := greeting\n"
                       "for k := range grouped {\n_ = k\n}", extra=extra)
    types = {v.name: v.type.text if v.type else None for v in sc.variables}
    assert types["tc"] == "struct{ name string }"
    assert (types["l"], types["g"], types["k"]) == ("int64", "string", "string")


def test_calling_a_func_field_is_not_a_method_call_that_may_write() -> None:
    ctx, sc = _analyze("var c T\nc.run()\nc.M()\nc.inner.run()",
                       extra="type T struct {\n\trun   func()\n\tinner T2\n}\ntype T2 struct{}\n")
    calls = [sc.types.changes_value(u) for u in _at(ctx, sc, "c", 0).calls]
    assert calls == [False, True, True]


def _changes(sc: Scopes, var) -> list[tuple[str, bool]]:
    return [(u.how or str(u.access), sc.types.changes_value(u)) for u in var.uses if u.may_change]


def test_method_value_of_own_storage_holds_the_address() -> None:
    extra = ("type C int\nfunc (c *C) inc() {}\ntype S struct {\n\tn  int\n\tc  C\n\tfn func()\n"
             "\tp  *C\n}\n")
    ctx, sc = _analyze("var cnt C\nvar st S\nvar p *C\nf := cnt.inc\ng := st.c.inc\n"
                       "h := st.fn\nk := st.p.inc\nm := p.inc\nl := st.n\n"
                       "fmt.Println(cnt.inc)\n_, _, _, _, _, _ = f, g, h, k, m, l", extra=extra)
    cnt, st, p = (_at(ctx, sc, name, 0) for name in ("cnt", "st", "p"))
    assert [u.how for u in cnt.addresses] == ["method value"]  # not the one passed to fmt
    assert [u.how for u in st.addresses] == ["method value"]  # st.c.inc only
    assert not p.addresses
    assert all(sc.types.changes_value(u) for u in cnt.addresses + st.addresses)


def test_method_value_of_a_type_not_visible_is_possible() -> None:
    ctx, sc = _analyze("var u User\nnames := []string{u.Name}\n_ = names")
    assert [u.how for u in _at(ctx, sc, "u", 0).addresses] == ["method value"]


def test_slicing_an_array_of_own_storage_shares_it() -> None:
    extra = "type S struct {\n\tarr [2]int\n\tsl  []int\n}\n"
    ctx, sc = _analyze("var arr [3]int\nvar st S\nvar xs []int\nvar str string\n"
                       "b := arr[:]\nc := st.arr[1:]\nd := st.sl[1:]\ne := xs[:1]\n"
                       "f := str[1:]\nfmt.Println(arr[:])\n_, _, _, _, _ = b, c, d, e, f",
                       extra=extra)
    arr, st, xs, text = (_at(ctx, sc, n, 0) for n in ("arr", "st", "xs", "str"))
    assert [u.how for u in arr.addresses] == ["slice"]
    assert [u.how for u in st.addresses] == ["slice"]
    assert not xs.addresses and not text.addresses
    assert sc.types.changes_value(arr.addresses[0]) and sc.types.changes_value(st.addresses[0])


def test_method_calls_on_fields_and_elements_of_unnamed_types() -> None:
    extra = "type C struct{ n int }\nfunc (c *C) inc() {}\n"
    ctx, sc = _analyze("var st struct{ c C }\nvar em struct{ C }\nvar arr [2]C\n"
                       "var xs []C\nvar ps struct{ c *C }\n"
                       "st.c.inc()\nem.inc()\narr[0].inc()\nxs[0].inc()\nps.c.inc()",
                       extra=extra)
    calls = {name: [sc.types.changes_value(u) for u in _at(ctx, sc, name, 0).calls]
             for name in ("st", "em", "arr", "xs", "ps")}
    assert calls == {"st": [True], "em": [True], "arr": [True], "xs": [False], "ps": [False]}


def test_a_conversion_gives_a_named_type() -> None:
    ctx, sc = _analyze("b := buffer(\"x\")\nn := int(3)\n_, _ = b, n",
                       extra="type buffer []byte\n")
    assert sc.types.is_named(_at(ctx, sc, "b", 0).type)
    assert not sc.types.is_named(_at(ctx, sc, "n", 0).type)


# --- deep nesting: Go accepts it, the walk must too (issue 12) ----------------------------

@pytest.mark.parametrize("opening,closing", [("if a > 0 {\n", "}\n"), ("{\n", "}\n"),
                                             ("for a > 0 {\n", "}\n"),
                                             ("switch {\ncase a > 0:\n", "}\n"),
                                             ("func() {\n", "}()\n"), ("L%d: {\n", "}\n")],
                         ids=["if", "block", "for", "switch", "funclit", "label"])
def test_ten_thousand_nested_statements_resolve_like_one(opening, closing) -> None:
    depth = 10_000
    openings = "".join(opening.replace("%d", str(level)) for level in range(depth))
    body = "x := a\n" + openings + "y := x\nx = y\n" + closing * depth
    started = time.process_time()  # CPU time: the shared machine's load does not count
    ctx, sc = _analyze(body)
    assert time.process_time() - started < 5.0, "linear in the depth, not quadratic"
    by_name = {v.name: v for v in sc.variables}
    assert len(sc.variables) == len(by_name)
    a, x, y = by_name["a"], by_name["x"], by_name["y"]
    innermost = ctx.src.index(b"y := x")
    assert [(u.start, u.how) for u in x.writes] == [(innermost + len("y := x\n"), "=")]
    assert [u.start for u in x.reads] == [innermost + len("y := ")]
    assert [u.start for u in y.reads] == [innermost + len("y := x\nx = ")]
    assert len(a.reads) == (depth + 1 if "a > 0" in opening else 1)
    assert str(x.type) == "int"


@pytest.mark.parametrize("expression,written", [
    ("v" + "[0]" * 5_000, "int"), ("- " * 5_000 + "a", "int"), ("s" + "[:]" * 5_000, "[]string"),
    ("min(a, " * 2_000 + "a" + ")" * 2_000, "int"), ("-(a + " * 2_000 + "a" + ")" * 2_000, "int"),
], ids=["index", "unary", "slice", "min", "unary-binary"])
def test_written_types_of_deeply_nested_expressions(expression, written) -> None:
    ctx, sc = _analyze(f"var v {'[1]' * 5_000}int\nz := {expression}\n_ = z")
    assert str(_at(ctx, sc, "z", 0).type) == written


@pytest.mark.parametrize("src, name, expected", [
    ("func f() { defer close(ch); os.Exit(1) }", "close", True),
    ("func f() { os.Exit(1); os.Remove(x) }", "os", True),
    ("func f(os int) { os.Exit(1) }", "os", False),            # a parameter
    ("func f(os...int) { os.Exit(1) }", "os", False),          # `os...int`: declared
    ("func f() { close := g; close(ch) }", "close", False),
    ("func f() { for log := range xs { log.Fatal(1) } }", "log", False),
    ("func f() { // close it\n\tclose(ch) }", "close", False),  # a word in a comment
    ("func f() { closed := 1; reclose(); close(ch) }", "close", True),
    ("func f() (log *L) { log.Fatal(1); return }", "log", False),
])
def test_declares_no_local_is_never_wrong_about_a_local(src: str, name: str,
                                                         expected: bool) -> None:
    """declares_no_local, the byte test that spares the scope analysis: True only where the
    scope analysis resolves the identifier to no local (the last use of the name is asked)."""
    from codemod.analysis.scopes import declares_no_local
    ctx = FileContext("x.go", f"package p\n\n{src}\n".encode(), (1, 21))
    ident = _idents(ctx, name)[-1] if _idents(ctx, name) else next(
        n for n in ctx.captures("(package_identifier) @id").get("id", [])
        if ctx.text(n) == name)
    fn = next(c for c in ctx.root.named_children if c.type == "function_declaration")
    assert declares_no_local(ctx.src, fn, ident) is expected
    if expected:
        assert ctx.scopes(ident).resolve(ident) is None
