"""deferred-func-result: what go/types is asked (only where the syntax leaves a func result
possible: asking type-checks the package), and a func of another package of the module,
which only go/types sees."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from codemod.analysis.gotypes.record import FileAnswers
from codemod.context import FileContext
from codemod.goversion import parse_version
from test_exit_skips_defers import check_findings, own_cache  # noqa: F401 (a fixture)
from transforms import deferred_func_result

RULE = "deferred-func-result"

SOURCE = textwrap.dedent("""\
    package p

    import (
    \t"context"
    \t"os"
    \t"sync"

    \t"example.com/m/testutil"
    )

    type tracer struct{}

    func (tracer) trace(string) func() { return nil }

    func setup() (func(), error) { return nil, nil }

    func nested() func() func() { return nil }

    func f(ctx context.Context, t tracer, mu *sync.Mutex) {
    \tctx, cancel := context.WithCancel(ctx)
    \tdefer cancel()
    \tstop, _ := setup()
    \tdefer stop()
    \tmu.Lock()
    \tdefer mu.Unlock()
    \tfile, _ := os.Open("x")
    \tdefer file.Close()
    \tdefer os.Remove("x")
    \tdefer nested()()
    \tdefer t.trace("asked")
    \tdefer testutil.Setenv("asked")
    \tenter := t.trace
    \tdefer enter("asked")
    \taddVar := func(int) (restore func()) { return nil }
    \trestore := addVar(1)
    \tdefer restore()
    \tmerge := func() (context.Context, context.CancelFunc) { return nil, nil }
    \t_, mergedCancel := merge()
    \tdefer mergedCancel()
    }
    """)


def test_types_are_asked_only_where_a_func_result_is_possible() -> None:
    answers = FileAnswers()
    ctx = FileContext("/nowhere/p.go", SOURCE.encode(), parse_version("1.22"),
                      answers=answers)
    deferred_func_result.find(ctx)
    asked = sorted(SOURCE.encode()[q.start:q.end].decode() for q in answers.pending)
    # cancel, stop and restore are results of calls (of a package function, of a local
    # literal) whose types say they return nothing when called, mergedCancel is of the
    # standard library's type (not asked); mu.Unlock, file.Close, os.Remove are the standard library's; nested()()
    # calls a func() func() and gets a func(), whose type the declaration shows: asked.
    assert asked == ['enter("asked")', 'nested()()', 't.trace("asked")',
                     'testutil.Setenv("asked")']


def _check(root: Path, *args: str) -> list[str]:
    return [f"{Path(f['path']).name}:{f['line']}: {f['fix']['applicability']}"
            for f in check_findings(root, RULE, *args)]


@pytest.mark.go
def test_another_package_s_func_and_a_generic_one_only_with_types(tmp_path: Path,
                                                                 own_cache) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "testutil").mkdir()
    (tmp_path / "testutil" / "env.go").write_text(
        "package testutil\n\nimport \"os\"\n\n"
        "// Setenv sets FOO and returns the func that unsets it.\n"
        "func Setenv(v string) func() {\n\tos.Setenv(\"FOO\", v)\n"
        "\treturn func() { os.Unsetenv(\"FOO\") }\n}\n\n"
        "func Unset() error { return os.Unsetenv(\"FOO\") }\n")
    (tmp_path / "main.go").write_text(
        "package main\n\nimport \"example.com/m/testutil\"\n\nfunc main() {\n"
        "\tdefer testutil.Setenv(\"x\")\n\tdefer testutil.Unset()\n"
        "\tdefer testutil.Setenv(\"y\")()\n\tdefer pick(func() {})\n\tdefer pick(1)\n}\n\n"
        "func pick[T any](v T) T { return v }\n")
    # pick(func() {}) instantiates T as func(): go/types says what it returns.
    assert _check(tmp_path) == ["main.go:6: unsafe", "main.go:9: unsafe"]
    assert _check(tmp_path, "--no-types") == []
