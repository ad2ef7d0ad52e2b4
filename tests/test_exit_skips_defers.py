"""exit-skips-defers: which defers a path reaches the exit with, and the package's exit
helpers (across files, through other helpers, build variants). The golden cases hold the
typical programs; these pin the control flow and the helper search down one by one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod.analysis.package import Directory
from codemod.cli import main
from codemod.context import FileContext
from codemod.goversion import parse_version
from codemod.testing import run_rule
from transforms.exit_skips_defers import exit_helpers

RULE = "exit-skips-defers"


def _skipped(body: str) -> list[str]:
    """`line: the lines of the defers it names` for each finding in `func f(n int)`."""
    source = f"package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc f(n int) {{\n{body}}}\n"
    found, _ = run_rule(RULE, source)
    return [f"{f.line}: " + ", ".join(part.split("(line ")[1].rstrip(")")
                                      for part in f.message.split(": ", 1)[1].split("), "))
            for f in found]


def test_a_defer_after_the_exit_in_straight_line_code_is_not_skipped() -> None:
    assert _skipped("\tos.Exit(1)\n\tdefer fmt.Println(1)\n") == []


def test_a_defer_in_a_branch_that_returns_is_not_skipped() -> None:
    assert _skipped("\tif n > 0 {\n\t\tdefer fmt.Println(1)\n\t\treturn\n\t}\n"
                    "\tos.Exit(1)\n") == []


def test_a_defer_in_a_branch_that_falls_through_is_skipped() -> None:
    assert _skipped("\tif n > 0 {\n\t\tdefer fmt.Println(1)\n\t}\n\tos.Exit(1)\n") \
        == ["12: 10"]


def test_a_defer_in_a_loop_body_reaches_an_exit_before_it_in_the_next_iteration() -> None:
    assert _skipped("\tfor i := 0; i < n; i++ {\n\t\tif i == 1 {\n\t\t\tos.Exit(1)\n\t\t}\n"
                    "\t\tdefer fmt.Println(i)\n\t}\n") == ["11: 13"]


def test_continue_goes_round_again_and_break_leaves_the_loop() -> None:
    # The defer then `continue`: the next iteration may exit at its top.
    assert _skipped("\tfor i := 0; i < n; i++ {\n\t\tif i == 2 {\n\t\t\tos.Exit(2)\n\t\t}\n"
                    "\t\tif i == 1 {\n\t\t\tdefer fmt.Println(i)\n\t\t\tcontinue\n\t\t}\n\t}\n") \
        == ["11: 14"]
    # The defer then `break`: the exit after the loop runs with it.
    assert _skipped("\tfor {\n\t\tdefer fmt.Println(1)\n\t\tbreak\n\t}\n\tos.Exit(1)\n") \
        == ["13: 10"]
    # An infinite loop without a break never gets to the exit after it.
    assert _skipped("\tfor {\n\t\tdefer fmt.Println(1)\n\t}\n\tos.Exit(1)\n") == []


def test_goto_back_to_a_label_before_the_exit() -> None:
    assert _skipped("again:\n\tif n > 3 {\n\t\tos.Exit(1)\n\t}\n\tdefer fmt.Println(n)\n"
                    "\tn++\n\tgoto again\n") == ["11: 13"]


def test_a_labelled_continue_of_the_outer_loop() -> None:
    assert _skipped("outer:\n\tfor i := 0; i < n; i++ {\n\t\tif i > 0 {\n\t\t\tos.Exit(1)\n"
                    "\t\t}\n\t\tfor j := 0; j < n; j++ {\n\t\t\tdefer fmt.Println(j)\n"
                    "\t\t\tcontinue outer\n\t\t}\n\t}\n") == ["12: 15"]


def test_switch_fallthrough_and_a_case_that_returns() -> None:
    assert _skipped("\tswitch n {\n\tcase 1:\n\t\tdefer fmt.Println(1)\n\t\tfallthrough\n"
                    "\tcase 2:\n\t\tos.Exit(2)\n\t}\n") == ["14: 11"]
    assert _skipped("\tswitch n {\n\tcase 1:\n\t\tdefer fmt.Println(1)\n\t\treturn\n"
                    "\tcase 2:\n\t}\n\tos.Exit(2)\n") == []


def test_a_defer_of_a_nested_literal_belongs_to_the_literal() -> None:
    assert _skipped("\tgo func() {\n\t\tdefer fmt.Println(1)\n\t}()\n\tos.Exit(1)\n") == []
    # The literal's own exit skips the literal's own defers, not the function's.
    assert _skipped("\tdefer fmt.Println(0)\n\tfunc() {\n\t\tdefer fmt.Println(1)\n"
                    "\t\tos.Exit(1)\n\t}()\n") == ["12: 11"]


# --- the package's exit helpers, by the syntax ------------------------------------------------

def _helpers(files: dict[str, str]) -> dict:
    directory = Directory(os.path.abspath("exit-helpers"),
                          {name: text.encode() for name, text in files.items()})
    path = os.path.join(directory.path, "main.go")
    ctx = FileContext(path, files["main.go"].encode(), parse_version("1.22"),
                      directory=directory)
    return exit_helpers(ctx)


MAIN = "package main\n\nfunc main() {}\n"


def test_helpers_through_other_helpers_in_files_without_an_exit() -> None:
    # die is in a file that holds no os.Exit: found in the round after fatal.
    found = _helpers({
        "main.go": MAIN,
        "a.go": "package main\n\nimport \"fmt\"\n\nfunc die(m string) {\n\tfmt.Println(m)\n"
                "\tfatal(1)\n}\n",
        "b.go": "package main\n\nimport \"os\"\n\nfunc fatal(code int) {\n\tif code > 1 {\n"
                "\t\tos.Exit(code)\n\t} else {\n\t\tos.Exit(1)\n\t}\n}\n\n"
                "type srv struct{}\n\nfunc (srv) stop() { fatal(3) }\n",
    })
    assert found == {("func", "fatal"): "os.Exit (b.go:7)", ("func", "die"): "os.Exit (b.go:7)",
                     ("method", "stop"): "os.Exit (b.go:7)"}


@pytest.mark.parametrize("body", [
    "\tif code == 0 {\n\t\treturn\n\t}\n\tos.Exit(code)\n",            # a path returns
    "\tif code == 0 {\n\t\tos.Exit(1)\n\t}\n",                         # a path falls off the end
    "\tif code == 0 {\n\t\tpanic(\"zero\")\n\t}\n\tos.Exit(code)\n",   # a path panics (defers run)
    "\tos := fake{}\n\tos.Exit(code)\n",                               # a local named os
    "\tswitch code {\n\tcase 0:\n\t\tos.Exit(0)\n\t}\n",              # no default: may fall out
    "\tswitch {\n\tcase code > 0:\n\t\tif code > 9 {\n\t\t\tbreak\n\t\t}\n\t\tos.Exit(code)\n"
    "\tdefault:\n\t\tos.Exit(1)\n\t}\n",                                # a break leaves the switch
])
def test_not_a_helper(body: str) -> None:
    found = _helpers({
        "main.go": MAIN,
        "h.go": f"package main\n\nimport \"os\"\n\ntype fake struct{{}}\n\n"
                f"func (fake) Exit(int) {{}}\n\nfunc fatal(code int) {{\n{body}}}\n",
    })
    assert ("func", "fatal") not in found


def test_a_name_with_a_variant_that_does_not_exit_is_not_a_helper() -> None:
    # Two build variants of fatal: one exits, the other (in a file that holds no exit and
    # calls no helper, so it is never scanned) does not.
    found = _helpers({
        "main.go": MAIN,
        "fatal_unix.go": "//go:build unix\n\npackage main\n\nimport \"os\"\n\n"
                         "func fatal() { os.Exit(1) }\n",
        "fatal_other.go": "//go:build !unix\n\npackage main\n\nfunc fatal() {}\n",
    })
    assert found == {}


def test_no_file_of_the_package_exits_then_nothing_is_parsed() -> None:
    directory = Directory(os.path.abspath("no-exit"), {
        "main.go": MAIN.encode(), "other.go": b"package main\n\nfunc die() { die() }\n"})
    ctx = FileContext(os.path.join(directory.path, "main.go"), MAIN.encode(),
                      parse_version("1.22"), directory=directory)
    assert exit_helpers(ctx) == {}
    assert directory.file(os.path.join(directory.path, "other.go"))._tree is None


# --- with go/types: a helper is a finding only when go/types names the package's function ------

@pytest.fixture
def own_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path_factory.mktemp("rule-cache")))


def check_findings(root: Path, rule: str, *args: str) -> list[dict]:
    """`deferfix check --format json --select rule` of `root`: its findings (json)."""
    got = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", "1",
                                    "--select", rule, *args, str(root)])
    assert got.exit_code in (0, 1), got.output
    return json.loads(got.stdout)["findings"]


def _check(root: Path, *args: str) -> list[str]:
    return [f"{Path(f['path']).name}:{f['line']}: {f['fix']['reason'].split(',')[0]}"
            for f in check_findings(root, RULE, *args)]


@pytest.mark.go
def test_a_helper_is_found_by_types_and_not_without(tmp_path: Path, own_cache) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "die.go").write_text(
        "package main\n\nimport \"os\"\n\nfunc die() { os.Exit(1) }\n\n"
        "type srv struct{}\n\nfunc (srv) die() {}\n")
    (tmp_path / "main.go").write_text(
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tdefer fmt.Println(1)\n"
        "\tvar s srv\n\ts.die()\n\tdie()\n\tdie := func() {}\n\tdie()\n}\n")
    # s.die is srv's method (no exit), the second die() a local func value: neither counts.
    assert _check(tmp_path) == [
        "main.go:9: die calls os.Exit (die.go:5) on every path"]
    assert _check(tmp_path, "--no-types") == []


def test_a_generated_else_if_chain_thousands_long() -> None:
    # Followed link by link, not by recursion (3,000 links: past Python's recursion limit).
    chain = "".join(f"\t}} else if code == {i} {{\n\t\tos.Exit({i})\n" for i in range(3000))
    found = _helpers({
        "main.go": MAIN,
        "gen.go": "package main\n\nimport \"os\"\n\nfunc die(code int) {\n\tif code < 0 {\n"
                  f"\t\tos.Exit(1)\n{chain}\t}} else {{\n\t\tos.Exit(2)\n\t}}\n}}\n",
    })
    assert found == {("func", "die"): "os.Exit (gen.go:7)"}


def test_what_go_types_is_asked_about_fatal_calls() -> None:
    # Asking type-checks the package: not for t.Fatal or a field of type *testing.T, not for
    # a value written as a *log.Logger (that is settled), only for a Fatal whose receiver's
    # type is not visible (get is declared nowhere here).
    from codemod.analysis.gotypes.record import FileAnswers
    import transforms.exit_skips_defers as rule
    src = ("package p\n\nimport (\n\t\"log\"\n\t\"testing\"\n)\n\n"
           "type cst struct {\n\tt *testing.T\n\tl *log.Logger\n}\n\n"
           "func f(c *cst, t *testing.T, x interface{ Fatal(...any) }) {\n"
           "\tdefer log.Println()\n\tc.t.Fatal(1)\n\tt.Fatal(2)\n\tx.Fatal(3)\n"
           "\tc.l.Fatal(4)\n\tmk().Fatal(5)\n\tget().Fatal(6)\n}\n\n"
           "func mk() *log.Logger { return nil }\n")
    answers = FileAnswers()
    ctx = FileContext("/nowhere/p.go", src.encode(), parse_version("1.22"), answers=answers)
    found = rule.find(ctx)
    # x.Fatal is an interface's method: go/types would not name the Logger's either.
    assert sorted(src[q.start:q.end] for q in answers.pending) == ["get().Fatal(6)"]
    assert [f.line for f in found] == [18, 19]   # c.l.Fatal, mk().Fatal: by written types


def test_a_helper_named_by_an_identifier_no_local_shadows_is_not_asked() -> None:
    # `die()` names the package's function whatever go/types would say: not asked (asking
    # type-checks the package); a local `die` and a method `s.die()` still are.
    from codemod.analysis.gotypes.record import FileAnswers
    import transforms.exit_skips_defers as rule
    src = ("package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc die() { os.Exit(1) }\n\n"
           "type srv struct{}\n\nfunc (srv) die() { os.Exit(2) }\n\n"
           "func main() {\n\tdefer fmt.Println(1)\n\tvar s srv\n\ts.die()\n\tdie()\n"
           "\tdie := func() {}\n\tdie()\n}\n")
    directory = Directory(os.path.abspath("exit-helpers"), {"main.go": src.encode()})
    answers = FileAnswers()
    ctx = FileContext(os.path.join(directory.path, "main.go"), src.encode(),
                      parse_version("1.22"), directory=directory, answers=answers)
    found = rule.find(ctx)
    assert sorted(src[q.start:q.end] for q in answers.pending) == ["die()", "s.die()"]
    assert [(f.line, f.fix.reason.split(",")[0]) for f in found] == [
        (18, "die calls os.Exit (main.go:8) on every path")]


def _module_tree(root: Path, nested: bool = False) -> None:
    """example.com/m: main.go defers, then calls cli.Fatalf (every path exits), cli.Check
    (exits only on an error) and cli.Warn (returns). `nested`: cli/ has a go.mod of its own,
    so that example.com/m/cli is another module's package."""
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "cli").mkdir()
    if nested:
        (root / "cli" / "go.mod").write_text("module example.com/m/cli\n\ngo 1.22\n")
    (root / "cli" / "cli.go").write_text(
        "package cli\n\nimport \"os\"\n\nfunc Fatalf(string, ...any) {\n\tos.Exit(1)\n}\n\n"
        "func Check(err error) {\n\tif err != nil {\n\t\tFatalf(\"%v\", err)\n\t}\n}\n\n"
        "func Warn(string) {}\n")
    (root / "cli" / "cli_test.go").write_text(   # a test file: not part of the import
        "package cli\n\nimport \"os\"\n\nfunc Warn2() {\n\tos.Exit(1)\n}\n")
    (root / "main.go").write_text(
        "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/m/cli\"\n)\n\n"
        "func main() {\n\tdefer fmt.Println(1)\n\tcli.Warn(\"w\")\n\tcli.Check(nil)\n"
        "\tcli.Fatalf(\"x\")\n}\n\nfunc shadowed() {\n\tdefer fmt.Println(2)\n"
        "\tcli := struct{ Fatalf func(string, ...any) }{}\n\tcli.Fatalf(\"y\")\n}\n")


def test_a_helper_of_another_package_of_the_module(tmp_path: Path, own_cache) -> None:
    # Found through the file's import (as os.Exit is), with and without types; not where a
    # local shadows the import name, not for Check (exits on one path) or Warn.
    _module_tree(tmp_path)
    want = ["main.go:13: cli.Fatalf calls os.Exit (cli.go:6) in example.com/m/cli on every "
            "path"]
    assert _check(tmp_path) == want
    assert _check(tmp_path, "--no-types") == want


def test_a_package_of_a_nested_module_is_another_module(tmp_path: Path, own_cache) -> None:
    _module_tree(tmp_path, nested=True)
    assert _check(tmp_path, "--no-types") == []
