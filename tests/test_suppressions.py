"""Suppression comments: //deferfix:ignore, golangci-lint's //nolint, and unused ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod import parsing, suppress
from codemod.cli import main
from codemod.model import Finding

LOCK = "deferred-lock"
RECOVER = "recover-misuse"


def _parse(text: str) -> list[suppress.Suppression]:
    src = text.encode()
    return suppress.parse(src, parsing.parse(src).root_node)


def _finding(line: int, rule: str = LOCK) -> Finding:
    return Finding(rule=rule, path="x.go", line=line, col=2, message="m")


# --- parsing -------------------------------------------------------------------------------

@pytest.mark.parametrize("comment, rules, reason", [
    ("//deferfix:ignore", None, ""),
    ("// deferfix:ignore", None, ""),
    ("//deferfix:ignore deferred-lock", {LOCK}, ""),
    ("//deferfix:ignore deferred-lock,recover-misuse", {LOCK, RECOVER}, ""),
    ("//deferfix:ignore deferred-lock, recover-misuse -- both on purpose", {LOCK, RECOVER},
     "both on purpose"),
    ("//deferfix:ignore -- the lock is re-taken", None, "the lock is re-taken"),
    ("//deferfix:ignore deferred-lock --no space after", {LOCK}, "no space after"),
    ("//deferfix:ignore deferred-lock recover-misuse", {LOCK, RECOVER}, ""),
    ("//deferfix:ignore because it is fine", {"because", "it", "is", "fine"}, ""),
    ("//deferfix:ignore:deferred-lock", {LOCK}, ""),
    ("//nolint", None, ""),
    ("//nolint:deferfix", {"deferfix"}, ""),
    ("//nolint:errcheck,deferred-lock", {"errcheck", LOCK}, ""),
    ("//nolint:deferfix // golangci-style reason", {"deferfix"}, ""),
    ("//nolint:all", {"all"}, ""),
])
def test_directive_forms(comment: str, rules: set[str] | None, reason: str) -> None:
    [found] = _parse(f"package p\n\nfunc f() {{\n\tg() {comment}\n}}\n")
    assert (found.line, found.rules, found.reason) == (4, rules and frozenset(rules), reason)
    assert not found.own_line


@pytest.mark.parametrize("text", [
    "//deferfix:ignored",
    "//nolintlint",
    "// see deferfix:ignore docs",   # words before it: a mention, not a directive
])
def test_look_alikes_are_not_directives(text: str) -> None:
    assert _parse(f"package p\n\nfunc f() {{\n\tg() {text}\n}}\n") == []


def test_directive_inside_a_string_is_not_a_suppression() -> None:
    assert _parse('package p\n\nvar s = `\n//nolint\n`\nvar t = "//deferfix:ignore"\n') == []


def test_crlf_lines() -> None:
    [found] = _parse("package p\r\n\r\n//deferfix:ignore deferred-lock -- why\r\nvar x = 1\r\n")
    assert (found.line, found.own_line, found.rules, found.reason) == \
        (3, True, frozenset({LOCK}), "why")


# --- what a suppression covers -------------------------------------------------------------

def test_trailing_comment_covers_its_line_only() -> None:
    [s] = _parse("package p\n\nfunc f() {\n\tg() //deferfix:ignore\n\th()\n}\n")
    assert s.covers(_finding(4)) and not s.covers(_finding(5)) and not s.covers(_finding(3))


def test_comment_alone_covers_the_next_line_only() -> None:
    [s] = _parse("package p\n\nfunc f() {\n\t//deferfix:ignore\n\tg()\n\th()\n}\n")
    assert s.covers(_finding(5)) and not s.covers(_finding(6))


def test_rule_list_limits_what_is_covered() -> None:
    [s] = _parse("package p\n\nfunc f() {\n\tg() //deferfix:ignore recover-misuse\n}\n")
    assert s.covers(_finding(4, RECOVER)) and not s.covers(_finding(4, LOCK))


@pytest.mark.parametrize("names, covered", [
    ("", True), (":deferfix", True), (":all", True), (":deferred-lock", True),
    (":errcheck", False), (":errcheck,deferfix", True),
])
def test_nolint_lists(names: str, covered: bool) -> None:
    [s] = _parse(f"package p\n\nfunc f() {{\n\tg() //nolint{names}\n}}\n")
    assert s.covers(_finding(4)) is covered


def test_nolint_above_a_function_covers_all_of_it_as_golangci_lint_does() -> None:
    text = ("package p\n\n//nolint:deferfix\nfunc f() {\n\tg()\n\th()\n}\n\n"
            "func k() {\n\tg()\n}\n")
    [s] = _parse(text)
    assert s.covers(_finding(6)) and s.covers(_finding(7)) and not s.covers(_finding(10))


def test_nolint_covers_a_whole_statement_in_its_column_only() -> None:
    text = ("package p\n\nfunc f() {\n\t//nolint\n\tfor {\n\t\tg()\n\t}\n\th()\n}\n")
    [s] = _parse(text)
    assert s.covers(_finding(6)) and not s.covers(_finding(8))
    # Not in the statement's column: golangci-lint covers the next line only.
    [s] = _parse(text.replace("\t//nolint", "//nolint"))
    assert s.covers(_finding(5)) and not s.covers(_finding(6))


def test_deferfix_ignore_above_a_function_covers_its_first_line_only() -> None:
    [s] = _parse("package p\n\n//deferfix:ignore\nfunc f() {\n\tg()\n}\n")
    assert s.covers(_finding(4)) and not s.covers(_finding(5))


# --- unused --------------------------------------------------------------------------------

KNOWN = [LOCK, RECOVER]


def _unused(text: str, findings: list[Finding], ran: list[str] = KNOWN) -> list[str]:
    return [f"{s.line}: {s.describe()}: {s.problem}"
            for s in suppress.unused(findings, _parse(text), KNOWN, ran)]


def test_used_suppressions_are_not_reported() -> None:
    text = "package p\n\nfunc f() {\n\tg() //deferfix:ignore deferred-lock\n}\n"
    assert _unused(text, [_finding(4)]) == []


def test_suppression_with_nothing_to_cover_is_reported() -> None:
    text = "package p\n\nfunc f() {\n\tg() //deferfix:ignore deferred-lock\n}\n"
    assert _unused(text, [_finding(4, RECOVER)]) == \
        ["4: //deferfix:ignore deferred-lock: no finding to suppress"]


def test_unknown_rule_is_reported_even_when_the_suppression_is_used() -> None:
    text = "package p\n\nfunc f() {\n\tg() //deferfix:ignore deferred-lock,defer-lok\n}\n"
    assert _unused(text, [_finding(4)]) == \
        ["4: //deferfix:ignore defer-lok,deferred-lock: unknown rule defer-lok"]


def test_suppression_for_a_rule_that_did_not_run_is_not_unused() -> None:
    text = ("package p\n\nfunc f() {\n\tg() //deferfix:ignore recover-misuse\n"
            "\th() //deferfix:ignore\n}\n")
    assert _unused(text, [], ran=[LOCK]) == []
    assert _unused(text, [], ran=KNOWN) == [
        "4: //deferfix:ignore recover-misuse: no finding to suppress",
        "5: //deferfix:ignore: no finding to suppress"]


def test_nolint_is_reported_only_when_it_names_deferfix() -> None:
    text = ("package p\n\nfunc f() {\n\ta() //nolint\n\tb() //nolint:errcheck\n"
            "\tc() //nolint:deferfix\n\td() //nolint:errcheck,deferred-lock\n}\n")
    assert _unused(text, []) == ["6: //nolint:deferfix: no finding to suppress",
                                 "7: //nolint:deferred-lock,errcheck: no finding to suppress"]


# --- end to end ----------------------------------------------------------------------------

SOURCE = """package store

import "sync"

var mu sync.Mutex

func deliberate() {
	mu.Lock()
	defer mu.Lock() //deferfix:ignore deferred-lock -- returns holding the lock
}

func alsoDeliberate() {
	mu.Lock()
	// The caller unlocks.
	//deferfix:ignore
	defer mu.Lock()
}

func stale() {
	//deferfix:ignore deferred-lock -- nothing here any more
	mu.Lock()
	defer mu.Unlock()
}

func typo() {
	mu.Lock()
	defer mu.Lock() //deferfix:ignore deferred-lok
}
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--jobs", "1"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "store.go").write_text(SOURCE)
    return tmp_path


def test_check_reports_only_unsuppressed_findings(module: Path) -> None:
    code, out, _ = _run("check", "--quiet", str(module))
    assert code == 1
    assert [line.split("store.go:")[1].split(": ")[0] for line in out.splitlines()
            if "store.go:" in line] == ["27:2"]


def test_show_unused_suppressions(module: Path) -> None:
    code, out, _ = _run("check", "--quiet", "--show-unused-suppressions", str(module))
    assert code == 1
    unused = [line.split("store.go:")[1] for line in out.splitlines()
              if "unused-suppression" in line]
    assert unused == [
        "20:2: unused-suppression: //deferfix:ignore deferred-lock: no finding to suppress "
        "[fix: none]",
        "27:18: unused-suppression: //deferfix:ignore deferred-lok: unknown rule "
        "deferred-lok [fix: none]"]


def test_show_unused_suppressions_in_json(module: Path) -> None:
    _, out, _ = _run("check", "--format", "json", "--show-unused-suppressions", str(module))
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules.count("unused-suppression") == 2


def test_unused_suppressions_fail_check_only_with_the_flag(module: Path) -> None:
    (module / "store.go").write_text(SOURCE.replace("deferred-lok", "deferred-lock"))
    assert _run("check", "--quiet", str(module))[0] == 0
    assert _run("check", "--quiet", "--show-unused-suppressions", str(module))[0] == 1
    (module / "store.go").write_text(
        SOURCE.replace("deferred-lok", "deferred-lock").replace(
            "\t//deferfix:ignore deferred-lock -- nothing here any more\n", ""))
    assert _run("check", "--quiet", "--show-unused-suppressions", str(module))[0] == 0


def test_suppressed_findings_are_not_fixed(module: Path) -> None:
    code, _, _ = _run("apply", "--quiet", str(module))
    text = (module / "store.go").read_text()
    assert text.count("defer mu.Lock()") == 2       # the two deliberate ones stay
    assert "defer mu.Unlock() //deferfix:ignore deferred-lok" in text  # the typo did not help


def test_suppressions_hold_in_every_pass(module: Path) -> None:
    # recover-misuse's fix is applied in the first pass; the suppressed deferred-lock
    # findings must stay suppressed in the passes after it.
    (module / "store.go").write_text(
        SOURCE + "\nfunc run() {\n\tdefer recover()\n}\n")
    _run("apply", "--quiet", "--unsafe-fixes", str(module))
    text = (module / "store.go").read_text()
    assert "defer func() { _ = recover() }()" in text
    assert "defer mu.Lock() //deferfix:ignore deferred-lock -- returns holding" in text
