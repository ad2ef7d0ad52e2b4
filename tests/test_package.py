"""codemod.analysis.package: which sibling files may declare a function, without parsing them."""

from __future__ import annotations

import os

import pytest

from codemod.analysis.package import may_declare


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


def test_a_directory_is_read_once_for_all_the_contexts_it_is_handed_to(tmp_path) -> None:
    from codemod.analysis.package import Directory
    from codemod.context import FileContext
    from codemod.goversion import parse_version

    (tmp_path / "helper.go").write_bytes(b"package p\n\nfunc helper() {}\n")
    (tmp_path / "other.go").write_bytes(b"package q\n\nfunc helper() {}\n")   # another package
    sources = {name: b"package p\n\nfunc " + name.encode() + b"() { helper() }\n"
               for name in ("a", "b")}
    directory = Directory(str(tmp_path))
    contexts = [FileContext(str(tmp_path / f"{name}.go"), src, parse_version("1.22"),
                            directory=directory) for name, src in sources.items()]
    found = [ctx.package.functions("helper") for ctx in contexts]
    assert [[os.path.basename(c.path) for c, _ in f] for f in found] == [["helper.go"]] * 2
    assert found[0][0][0] is found[1][0][0]   # one context for the sibling, shared
    (tmp_path / "helper.go").unlink()
    # The files do not change while a directory lives (the runner builds one per task) ...
    fresh = FileContext(str(tmp_path / "a.go"), sources["a"], parse_version("1.22"),
                        directory=directory)
    assert len(fresh.package.functions("helper")) == 1
    # ... and a new one reads them again.
    again = FileContext(str(tmp_path / "a.go"), sources["a"], parse_version("1.22"),
                        directory=Directory(str(tmp_path)))
    assert again.package.functions("helper") == []
