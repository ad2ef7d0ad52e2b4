"""codemod.package: which sibling files may declare a function, without parsing them."""

from __future__ import annotations

import pytest

from codemod.package import may_declare


@pytest.mark.parametrize("src, declares", [
    (b"func Close() {}", True),
    (b"func (r *T) Close() error { return nil }", True),
    (b"func (r T[K]) Close[U any](x U) {}", True),            # Go 1.27 generic method
    (b"func\n(r *T)\nClose(", True),                           # newlines in the header
    (b"type T struct{}\n\nfunc (T) Close() {}", True),
    (b"func Close\t(x int) {}", True),
    (b"x.Close()", False),
    (b"go func() { x.Close() }()", False),
    (b"func f() { x.Close() }", False),
    (b"func Closer() {}", False),                               # a longer name
    (b"func XClose() {}", False),
    (b"var f = func() { Close() }", False),
    (b"callback(func(), x.Close())", True),                     # passes: a needless parse
])
def test_may_declare(src: bytes, declares: bool) -> None:
    assert may_declare(src, "Close") is declares


def test_may_declare_in_a_long_table_of_calls() -> None:
    table = b"var table = []int{" + b"mk(1), " * 50_000 + b"}\n"
    assert may_declare(table + b"func mk(n int) int { return n }\n", "mk")
    assert not may_declare(table, "mk")
