"""`deferfix apply --interactive`: each fix with its diff, then y/n/a/q, through click's prompt
on stdin and through a real pseudo-terminal. Only accepted fixes are written, and a file with
some fixes declined is verified again with exactly the accepted ones."""

from __future__ import annotations

from click.testing import CliRunner

from codemod import review
from codemod.cli import main
from codemod.runner import Options, run
from terminal import deferfix_in_terminal
from test_engine import LOCK_BUG, LOCK_FIXED, VET_TARGET, module

TWO = LOCK_BUG + "\nfunc G() {\n\tmu.Lock()\n\tdefer mu.Lock()\n}\n"


def tree(tmp_path):
    """a.go: one fix; b.go: two fixes (F, G); c.go: one fix. Four prompts in that order."""
    return module(tmp_path, {"a.go": LOCK_BUG, "b.go": TWO.replace("package p", "package p"),
                             "c.go": LOCK_BUG.replace("func F", "func H")
                                             .replace("var mu", "var mu2")
                                             .replace("mu.", "mu2.")})


def interactive(root, answers: str, *extra: str):
    result = CliRunner().invoke(main, ["apply", "--interactive", "--jobs", "1", *extra,
                                       str(root)], input=answers)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def fixed(root, name: str) -> int:
    """How many `defer …Unlock()` the file holds now."""
    return (root / name).read_text().count("Unlock()")


def test_yes_and_no_per_fix(tmp_path):
    root = tree(tmp_path)
    result = interactive(root, "y\nn\ny\nn\n")
    assert result.stdout.count("Apply this fix?") == 4
    assert "[1/4]" in result.stdout and "[4/4]" in result.stdout
    assert "why safe: " in result.stdout
    assert result.stdout.count("-\tdefer mu.Lock()\n+\tdefer mu.Unlock()") == 3
    assert (fixed(root, "a.go"), fixed(root, "b.go"), fixed(root, "c.go")) == (1, 1, 0)
    # b.go: F declined, G accepted; the text is exactly the accepted fix
    assert (root / "b.go").read_text() == TWO.replace(
        "func G() {\n\tmu.Lock()\n\tdefer mu.Lock()", "func G() {\n\tmu.Lock()\n\tdefer mu.Unlock()")
    assert result.exit_code == 1  # declined fixes are left unfixed
    assert "2 fixes applied to 2 files" in result.stderr and "2 declined" in result.stderr
    # the declined ones are still reported
    assert "b.go:9:2: deferred-lock" in result.stdout and "c.go:9:2: deferred-lock" in result.stdout


def test_all_accepts_the_rest(tmp_path):
    root = tree(tmp_path)
    result = interactive(root, "n\na\n")
    assert result.stdout.count("Apply this fix?") == 2
    assert (fixed(root, "a.go"), fixed(root, "b.go"), fixed(root, "c.go")) == (0, 2, 1)
    assert "1 declined" in result.stderr


def test_quit_skips_the_rest(tmp_path):
    root = tree(tmp_path)
    result = interactive(root, "y\nq\n")
    assert result.stdout.count("Apply this fix?") == 2
    assert (fixed(root, "a.go"), fixed(root, "b.go"), fixed(root, "c.go")) == (1, 0, 0)
    assert result.exit_code == 1


def test_end_of_input_quits_and_writes_nothing(tmp_path):
    root = tree(tmp_path)
    result = interactive(root, "")
    assert (fixed(root, "a.go"), fixed(root, "b.go"), fixed(root, "c.go")) == (0, 0, 0)
    assert result.exit_code == 1 and "4 declined" in result.stderr


def test_an_unknown_answer_asks_again(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    result = interactive(root, "maybe\nY\n")
    assert result.stdout.count("Apply this fix?") == 2
    assert (root / "a.go").read_text() == LOCK_FIXED
    assert result.exit_code == 0


def test_nothing_to_ask(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_FIXED})
    result = interactive(root, "")
    assert result.exit_code == 0 and "Apply this fix?" not in result.stdout


def test_only_shown_fixes_are_written_when_a_later_pass_would_add_more(tmp_path):
    # The overlapping test rule fixes `defer a()` -> b() in pass 1 and b() -> c() in pass 2;
    # the second fix was never shown, so an interactive run writes only the first.
    src = VET_TARGET.replace("func done() {}", "func a() {}\nfunc b() {}\nfunc c() {}") \
        .replace("defer done()", "defer a()")
    root = module(tmp_path, {"a.go": src})
    options = Options(paths=[str(root)], transforms=["engine_rules:overlapping"], jobs=1)
    result = run(options)
    assert "defer c()" in result.changes[0].new.decode()
    asked = []
    outcome = review.interactive(result, options, color=False, run=run,
                                 prompt=lambda: asked.append(1) or "y")
    assert len(asked) == 1  # the first pass applies one of the two overlapping fixes
    (change,) = outcome.changes
    assert "defer b()" in change.new.decode() and "defer c()" not in change.new.decode()


def test_through_a_terminal(tmp_path):
    root = tree(tmp_path)
    screen = deferfix_in_terminal(["apply", "--interactive", "."], cwd=str(root),
                                  answers=["n", "y", "y", "q"])
    assert screen.returncode == 1, screen.text
    assert screen.text.count("Apply this fix?") == 4
    assert "\x1b[32m+\tdefer mu.Unlock()" in screen.text  # the diff is coloured on a terminal
    assert (fixed(root, "a.go"), fixed(root, "b.go"), fixed(root, "c.go")) == (0, 2, 0)


def test_a_key_that_is_not_utf8_on_a_terminal_asks_again(tmp_path):
    # Strict decoding of stdin (PYTHONIOENCODING): the answer is read as bytes all the same.
    root = module(tmp_path, {"a.go": LOCK_BUG})
    screen = deferfix_in_terminal(["apply", "--interactive", "."], cwd=str(root),
                                  answers=[b"\xff", "y"],
                                  env={"PYTHONIOENCODING": "utf-8:strict"})
    assert screen.returncode == 0, screen.text
    assert screen.text.count("Apply this fix?") == 2 and "Traceback" not in screen.text
    assert (root / "a.go").read_text() == LOCK_FIXED


def test_interactive_needs_text_output_and_files():
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "--interactive", "--format", "json"]).exit_code == 2
    assert runner.invoke(main, ["apply", "--interactive", "-"], input="").exit_code == 2
