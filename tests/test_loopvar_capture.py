"""loopvar-capture's shortcut for Go 1.22+: a closure is analysed only when a loop around it
may share a variable, i.e. its header sets one it does not declare."""

from __future__ import annotations

import pytest

from codemod.context import FileContext
from codemod.goversion import parse_version
from transforms import loopvar_capture


@pytest.mark.parametrize("header, assigns", [
    ("for i := 0; i < 3; i++", False),          # declares what it sets
    ("for x := 0; x < 2; x += 1", False),
    ("for k := range m", False),
    ("for range 3", False),
    ("for x < 3", False),
    ("for", False),
    ("for i := 0; i < 2; a.b++", False),        # a field: not a whole variable
    ("for i = 0; i < 3; i++", True),
    ("for ; j < 3; j++", True),
    ("for k, v = range m", True),
    ("for x := 0; x < 2; y++", True),
    ("for x := 0; x < 2; x, y = x+1, y+1", True),
    ("for (i) = 0; ; ", True),
    ("for i := 0; i < f(func() { n = 1 }); i++", True),   # a literal may set anything
])
def test_header_assigns(header: str, assigns: bool) -> None:
    src = f"package p\n\nfunc f() {{\n\t{header} {{\n\t}}\n}}\n".encode()
    ctx = FileContext("x.go", src, parse_version("1.22"))
    loop = ctx.captures("(for_statement) @loop")["loop"][0]
    assert loopvar_capture._header_assigns(ctx, loop) is assigns


def test_go122_header_assigned_outer_variable_is_still_found() -> None:
    src = (b"package p\n\nimport \"fmt\"\n\nfunc f() {\n\tn := 0\n\tfor ; n < 3; n++ {\n"
           b"\t\tdefer func() { fmt.Println(n) }()\n\t}\n}\n")
    ctx = FileContext("x.go", src, parse_version("1.22"))
    (finding,) = loopvar_capture.find(ctx)
    assert "n" in finding.message
