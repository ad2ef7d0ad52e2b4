"""codemod.analysis.cleanup's paths on the shapes missing-cancel and missing-rollback meet:
where a path ends without the release (a return, the end of the function, the next iteration
of a loop that runs the binding again), what ends a path without needing it (a panic), what
covers every exit (a deferred literal before the binding), and what stops the walk (goto)."""

from __future__ import annotations

import pytest

from codemod.analysis.cleanup import called, cleanup
from codemod.analysis.syntax import descendants
from codemod.context import FileContext
from codemod.goversion import LOOPVAR_PER_ITERATION as GO_1_22


def _result(body: str):
    src = f"package p\n\nfunc f(x int, ch chan int) {{\n{body}}}\n".encode()
    ctx = FileContext("p.go", src, GO_1_22)
    binding = next(n for n in descendants(ctx.root) if n.type == "short_var_declaration"
                   and b"cancel" in ctx.text(n).encode())
    sc = ctx.scopes(binding)
    cancel = sc.resolve(binding.child_by_field_name("left").named_children[1])
    return cleanup(ctx, binding, cancel, called())


BIND = "\tctx, cancel := make2()\n\t_ = ctx\n"


@pytest.mark.parametrize("body, exits", [
    # Released on every path, or a path that ends in a panic.
    (BIND + "\tif x > 0 {\n\t\tcancel()\n\t\treturn\n\t}\n\tcancel()\n", []),
    (BIND + "\tif x > 0 {\n\t\tpanic(x)\n\t}\n\tcancel()\n", []),
    # An early return, and falling off the end.
    (BIND + "\tif x > 0 {\n\t\treturn\n\t}\n\tcancel()\n", ["the return at line 7"]),
    (BIND + "\tif x > 0 {\n\t\tcancel()\n\t}\n", ["the end of the function (line 9)"]),
    # A switch without default falls through; one whose cases all release does not;
    # fallthrough runs the next case's release.
    (BIND + "\tswitch x {\n\tcase 1:\n\t\tcancel()\n\t}\n",
     ["the end of the function (line 10)"]),
    (BIND + "\tswitch x {\n\tcase 1:\n\t\tcancel()\n\tdefault:\n\t\tcancel()\n\t}\n", []),
    (BIND + "\tswitch x {\n\tcase 1:\n\t\tfallthrough\n\tdefault:\n\t\tcancel()\n\t}\n", []),
    # A break out of the switch skips the release after it in the case.
    (BIND + "\tswitch x {\n\tdefault:\n\t\tif x > 1 {\n\t\t\tbreak\n\t\t}\n\t\tcancel()\n"
     "\t}\n", ["the end of the function (line 13)"]),
    # A loop that may run no times, and a labelled break out of an inner loop.
    (BIND + "\tfor i := 0; i < x; i++ {\n\t\tcancel()\n\t}\n",
     ["the end of the function (line 9)"]),
    (BIND + "outer:\n\tfor {\n\t\tfor {\n\t\t\tbreak outer\n\t\t}\n\t}\n\tcancel()\n", []),
    (BIND + "outer:\n\tfor {\n\t\tfor {\n\t\t\tbreak outer\n\t\t}\n\t}\n", [
        "the end of the function (line 12)"]),
    # A loop with no way out never gets to an exit.
    (BIND + "\tfor {\n\t\t<-ch\n\t}\n", []),
    # A select case that returns.
    (BIND + "\tselect {\n\tcase <-ch:\n\t\treturn\n\tdefault:\n\t}\n\tcancel()\n",
     ["the return at line 8"]),
    # In a loop body: going round again runs the binding again and loses the value.
    ("\tfor i := 0; i < x; i++ {\n\t\tctx, cancel := make2()\n\t\t_ = ctx\n"
     "\t\tif i > 1 {\n\t\t\tcontinue\n\t\t}\n\t\tcancel()\n\t}\n",
     ["the next iteration of the loop at line 4", "the end of the function (line 12)"]),
    ("\tfor i := 0; i < x; i++ {\n\t\tctx, cancel := make2()\n\t\t_ = ctx\n"
     "\t\tif i > 1 {\n\t\t\tbreak\n\t\t}\n\t\tcancel()\n\t}\n",
     ["the end of the function (line 12)"]),
])
def test_exits_reached_without_the_release(body: str, exits: list[str]) -> None:
    result = _result(body)
    assert not result.problem
    assert [e.describe() for e in result.unreleased] == exits


def test_a_deferred_literal_before_the_binding_covers_every_exit() -> None:
    result = _result("\tvar cancel func()\n\tdefer func() {\n\t\tif cancel != nil {\n"
                     "\t\t\tcancel()\n\t\t}\n\t}()\n\tctx, cancel := make2()\n\t_ = ctx\n"
                     "\tif x > 0 {\n\t\treturn\n\t}\n")
    assert result.deferred is not None and not result.unreleased


def test_a_goto_stops_the_walk() -> None:
    result = _result(BIND + "again:\n\tif x > 0 {\n\t\tx--\n\t\tgoto again\n\t}\n")
    assert "goto" in result.problem and not result.unreleased and not result.released


def test_a_cancel_that_leaves_the_function_says_how() -> None:
    result = _result("\tvar keep func()\n\tctx, cancel := make2()\n\t_ = ctx\n\tkeep = cancel\n"
                     "\tgo keep()\n")
    assert result.leaves
