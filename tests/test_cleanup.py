"""codemod.analysis.cleanup on small functions: a condition whose false outcome releases
the value (`rows.Next()`), a defer that only the paths after an early return reach, and the
paths from a function's entry (a parameter)."""

from __future__ import annotations

import pytest

from codemod.analysis.cleanup import cleanup, error_check, method_called
from codemod.analysis.syntax import statements
from codemod.context import FileContext
from codemod.goversion import LOOPVAR_PER_ITERATION as GO_1_22


def _context(body: str) -> FileContext:
    src = f"package p\n\nfunc f(db DB, limit int) int {{\n{body}}}\n".encode()
    return FileContext("p.go", src, GO_1_22)


def _rows(ctx: FileContext):
    function = ctx.root.named_children[1]
    assign = statements(function.child_by_field_name("body"))[0]
    sc = ctx.scopes(assign)
    rows = sc.resolve(assign.child_by_field_name("left").named_children[0])
    check = error_check(ctx, assign, assign.child_by_field_name("left").named_children[1])
    return check, rows


def _exits(body: str) -> list[str]:
    ctx = _context(body)
    check, rows = _rows(ctx)
    next_called = method_called({"Next"})
    def exhausts(cond):
        return "false" if any(next_called(u) for u in rows.uses_within(cond)) else ""
    result = cleanup(ctx, check, rows, method_called({"Close"}), exhausts=exhausts)
    assert not result.problem
    return [e.describe() for e in result.unreleased]


HEAD = "\trows, err := db.Query()\n\tif err != nil {\n\t\treturn 0\n\t}\n"


@pytest.mark.parametrize("body, exits", [
    # Drained by the loop: released when Next returns false.
    ("\tfor rows.Next() {\n\t}\n\treturn 1\n", []),
    # A return inside the loop, or a break out of it, leaves the rows open.
    ("\tfor rows.Next() {\n\t\treturn 2\n\t}\n\treturn 1\n", ["the return at line 9"]),
    ("\tfor rows.Next() {\n\t\tbreak\n\t}\n\treturn 1\n", ["the return at line 11"]),
    # `if !rows.Next()`: its block runs with the rows closed.
    ("\tif !rows.Next() {\n\t\treturn 2\n\t}\n\treturn 1\n", ["the return at line 11"]),
    # `if rows.Next()`: its block runs with a row read, the rest with the rows closed.
    ("\tif rows.Next() {\n\t\treturn 2\n\t}\n\treturn 1\n", ["the return at line 9"]),
    ("\tif rows.Next() {\n\t\trows.Close()\n\t}\n\treturn 1\n", []),
    # A condition that only mentions them is not Next.
    ("\tfor rows.Err() == nil {\n\t\tbreak\n\t}\n\treturn 1\n", ["the return at line 11"]),
    # A defer covers the paths that reach it; an early return before it is not one.
    ("\tdefer rows.Close()\n\treturn 1\n", []),
    ("\tif limit > 0 {\n\t\treturn 2\n\t}\n\tdefer rows.Close()\n\treturn 1\n",
     ["the return at line 9"]),
])
def test_next_false_releases_the_rows(body: str, exits: list[str]) -> None:
    assert _exits(HEAD + body) == exits


def test_without_exhausts_next_is_no_release() -> None:
    ctx = _context(HEAD + "\tfor rows.Next() {\n\t}\n\treturn 1\n")
    check, rows = _rows(ctx)
    result = cleanup(ctx, check, rows, method_called({"Close"}))
    assert [e.describe() for e in result.unreleased] == ["the return at line 10"]


def test_paths_from_the_entry_of_a_function() -> None:
    src = (b"package p\n\nfunc done(rows *Rows, fail bool) {\n\tif fail {\n\t\treturn\n\t}\n"
           b"\trows.Close()\n}\n\nfunc always(rows *Rows) {\n\tdefer rows.Close()\n}\n")
    ctx = FileContext("p.go", src, GO_1_22)
    for function, exits in zip(ctx.root.named_children[1:], [["the return at line 5"], []]):
        body = function.child_by_field_name("body")
        sc = ctx.scopes(body)
        rows = sc.resolve(function.child_by_field_name("parameters").named_children[0]
                          .child_by_field_name("name"))
        result = cleanup(ctx, body, rows, method_called({"Close"}))
        assert [e.describe() for e in result.unreleased] == exits


def test_error_check_of_any_block() -> None:
    ctx = _context("\trows, err := db.Query()\n\tif err != nil {\n\t\tprintln(err)\n\t}\n"
                   "\treturn 1\n")
    function = ctx.root.named_children[1]
    assign = statements(function.child_by_field_name("body"))[0]
    error = assign.child_by_field_name("left").named_children[1]
    assert error_check(ctx, assign, error) is None       # the block falls through
    check = error_check(ctx, assign, error, any_block=True)
    assert check is not None and check.type == "if_statement"
