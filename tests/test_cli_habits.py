"""What ruff and golangci-lint users reach for first (issue 17), each through the real CLI in
a process: `explain` in any case and its --help listing the rules, SARIF's real arguments,
stdin read without click's deprecated stream API. The tests of what goes to stdout, stderr and
an -o file (every format, the summary, --statistics, --new-from-rev, warnings, the config
named per file) and of --help run the CLI in this process (`in_process`): their point is the
output; the real process (its arguments, exit codes, warnings, names) is the other tests'."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from codemod.registry import all_transforms
from test_engine import LOCK_BUG, module

RULES = [t.rule for t in all_transforms()]
SOURCE_ROOT = Path(__file__).resolve().parent.parent


def deferfix(*args: str, cwd: Path, stdin: bytes | None = None, env: dict | None = None,
             python: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`deferfix ARGS` in a process of its own, as a user runs it. The result cache is on, as
    for a user, in a directory beside `cwd` (not the user's own)."""
    full_env = {**os.environ, "PYTHONPATH": str(SOURCE_ROOT),
                "DEFERFIX_CACHE_DIR": str(Path(cwd).resolve().parent / "deferfix-cache"),
                **(env or {})}
    return subprocess.run([sys.executable, *python, "-m", "codemod.cli", *args], cwd=cwd,
                          input=stdin if stdin is not None else b"", capture_output=True,
                          env=full_env, timeout=300)


def in_process(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """`deferfix ARGS` run in this process (click's CliRunner, in `cwd`, the result cache on
    as `deferfix` has it), for the tests whose point is the output rather than the process:
    stdout and stderr come back as bytes, apart, as from a process."""
    from click.testing import CliRunner
    from codemod.cli import main
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), input=stdin if stdin is not None else b"",
                                    env={"DEFERFIX_CACHE_DIR": str(Path(cwd).resolve().parent
                                                                   / "deferfix-cache")})
    finally:
        os.chdir(previous)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout_bytes,
                                       result.stderr_bytes)


def text(stream: bytes) -> str:
    return stream.decode("utf-8", "replace")


# --- explain -------------------------------------------------------------------------------

def test_explain_takes_a_rule_name_in_any_case(tmp_path):
    for spelling in ("DEFERRED-LOCK", "Deferred-Lock", "deferred_lock", " deferred-lock"):
        proc = deferfix("explain", spelling, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert text(proc.stdout).startswith("deferred-lock: "), spelling


def test_explain_of_an_unknown_rule_suggests_the_nearest(tmp_path):
    proc = deferfix("explain", "Defer-In-Lop", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    assert "unknown rule 'Defer-In-Lop'; did you mean defer-in-loop?" in text(proc.stderr)
    assert "Traceback" not in text(proc.stderr)


def test_explain_help_lists_every_rule(tmp_path):
    proc = deferfix("explain", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    out = text(proc.stdout)
    listed = out[out.index("Rules:"):]
    for rule in RULES:
        assert f"  {rule.id}  " in listed, rule.id


# --- SARIF ---------------------------------------------------------------------------------

def test_sarif_invocation_holds_the_real_arguments(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    args = ["check", "--format", "sarif", "--select", "deferred-lock", "--jobs", "1", "a.go"]
    proc = deferfix(*args, cwd=root)
    assert proc.returncode == 1, proc.stderr
    invocation = json.loads(proc.stdout)["runs"][0]["invocations"][0]
    assert invocation["arguments"] == args
    assert invocation["exitCode"] == 1


# --- stdin ---------------------------------------------------------------------------------

def test_stdin_is_read_without_a_deprecated_click_api(tmp_path):
    """Click 8.5 deprecates get_binary_stream (gone in 9); any DeprecationWarning from the
    stdin path is an error here. (The installed click may predate the warning: the wheel test
    runs the same in a fresh venv with the newest click that pyproject allows.)"""
    root = module(tmp_path, {"a.go": LOCK_BUG})
    proc = deferfix("check", "-", "--stdin-filename", "a.go", cwd=root, stdin=LOCK_BUG.encode(),
                    python=("-W", "error::DeprecationWarning"))
    assert proc.returncode == 1, proc.stderr
    assert b"a.go:9:2: deferred-lock:" in proc.stdout
    assert b"Warning" not in proc.stderr


# --- faults found on the way -----------------------------------------------------------------

def test_a_name_that_is_not_utf8_does_not_stop_the_cache(tmp_path):
    """The cache's index holds names as SQLite text: a file or directory name that is not
    UTF-8 ended the run with a UnicodeEncodeError traceback once the cache was on (the
    odd-name test of test_bad_input runs with --no-cache). Such names are left out of the
    index (the file is hashed afresh, and its result still found under its digest); a
    directory whose name is not UTF-8 is not cached."""
    root = module(tmp_path, {"a.go": LOCK_BUG})
    odd_dir = os.fsencode(root) + b"/d\xff"
    os.mkdir(odd_dir)
    for name in (b"/x\xff.go", b"/d\xff/y.go"):
        with open(os.fsencode(root) + name, "wb") as handle:
            handle.write(LOCK_BUG.replace("func F", "func G").encode())
    an_hour_ago = time.time() - 3600      # not "racy": the cache trusts what it stamps
    for name in (b"/a.go", b"/x\xff.go", b"/d\xff/y.go"):
        os.utime(os.fsencode(root) + name, (an_hour_ago, an_hour_ago))
    for _ in range(2):      # a cold run, then a warm one
        proc = deferfix("check", "-v", cwd=root)
        assert proc.returncode == 1 and b"Traceback" not in proc.stderr, text(proc.stderr)
        assert proc.stdout.count(b": deferred-lock: ") == 3
    assert b" of 3 file(s) unchanged" in proc.stderr       # the cache was on


# --- the example ---------------------------------------------------------------------------

EXAMPLE = SOURCE_ROOT / "examples" / "leaky"


def test_the_readme_first_command_prints_what_the_readme_says(tmp_path):
    """`deferfix diff examples/leaky`: four safe fixes, one of each pattern people come for,
    one report-only finding with its reason, exit 1. Applied to a copy, the fixed module
    passes go vet, which flags the shared loop variable in the original."""
    proc = deferfix("diff", str(EXAMPLE), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    diff = text(proc.stdout)
    for removed, added in [
            ("-\tdefer func() {", "+\t}(len(data))"),                    # closure-retains
            ("-\t\tdefer f.Close()", "+\t\t\tdefer f.Close()"),          # defer-in-loop
            ("-\t\tdefer func() { workers[i].Stop() }()",                # loopvar-capture
             "+\t\tdefer func(i int) { workers[i].Stop() }(i)"),
            ("-\tdefer r.mu.Lock()", "+\tdefer r.mu.Unlock()")]:         # deferred-lock
        assert removed + "\n" in diff and added + "\n" in diff, (removed, added)
    assert "4 fixes in the diff, 0 rejected, 0 skipped, 1 report-only" in text(proc.stderr)
    assert "  report-only: " + str(EXAMPLE / "leaky.go") + ":70:3: defer-in-loop" in \
        text(proc.stderr).splitlines()

    check = deferfix("check", str(EXAMPLE), cwd=tmp_path)
    found = text(check.stdout)
    assert (check.returncode, found.count("[fix: safe]"), found.count("[fix: none]")) == (1, 4, 1)
    report_only = found[found.index("[fix: none]"):].splitlines()[1]
    assert report_only.startswith("    why report-only: ") and "StopAll" in found

    copy = tmp_path / "leaky"
    copy.mkdir()
    for name in ("go.mod", "leaky.go"):
        (copy / name).write_bytes((EXAMPLE / name).read_bytes())
    vet = subprocess.run(["go", "vet", "./..."], cwd=copy, capture_output=True, text=True)
    assert vet.returncode != 0 and "loop variable i captured by func literal" in vet.stderr
    applied = deferfix("apply", ".", cwd=copy)
    assert applied.returncode == 1, applied.stderr            # the report-only one is left
    assert b"fixed leaky.go (4 fixes)" in applied.stderr
    vet = subprocess.run(["go", "vet", "./..."], cwd=copy, capture_output=True, text=True)
    assert vet.returncode == 0, vet.stderr


# --- exit codes and output -----------------------------------------------------------------

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


def test_exit_zero_reports_and_exits_0_unless_an_error(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    for command in ("check", "diff"):
        plain = deferfix(command, ".", cwd=root)
        zero = deferfix(command, "--exit-zero", ".", cwd=root)
        assert (plain.returncode, zero.returncode) == (1, 0), zero.stderr
        assert zero.stdout == plain.stdout and zero.stdout
    missing = deferfix("check", "--exit-zero", ".", "missing", cwd=root)
    assert missing.returncode == 2 and b"missing" in missing.stderr
    applied = deferfix("apply", "--exit-zero", ".", cwd=root)
    assert applied.returncode == 0
    (root / "b.go").write_text(LOCK_BUG.replace("func F", "func G").replace("mu.Lock()\n\tdefer",
                                                                       "defer"))
    left = deferfix("apply", "--exit-zero", ".", cwd=root)     # a report-only one is left
    assert left.returncode == 0 and b"b.go:8:2: deferred-lock" in left.stdout


def test_output_file_holds_what_stdout_would_for_every_format(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    for command, formats in (("check", FORMATS), ("diff", ("text", "json"))):
        for format in formats:
            report = tmp_path / f"{command}.{format}.out"
            to_stdout = in_process(command, "--format", format, ".", cwd=root)
            to_file = in_process(command, "--format", format, "-o", str(report), ".", cwd=root)
            assert to_file.returncode == to_stdout.returncode == 1, to_file.stderr
            assert to_file.stdout == b"", (command, format)
            written, shown = report.read_bytes(), to_stdout.stdout
            if format == "sarif":       # its invocation names the arguments, -o among them
                written, shown = (json.loads(doc)["runs"][0]["results"] for doc in (written, shown))
            elif format == "json":      # the second run's notes say the cache had it
                written, shown = ({k: v for k, v in json.loads(doc).items() if k != "notes"}
                                  for doc in (written, shown))
            assert written == shown, (command, format)
            assert b"1 file scanned" in to_file.stderr           # the summary stays on stderr
    # apply: the findings left go to the file; with '-', the fixed text does.
    (root / "b.go").write_text("package p\n\nfunc H() {\n\tdefer mu.Lock()\n}\n")
    report = tmp_path / "left.txt"
    applied = in_process("apply", "-o", str(report), ".", cwd=root)
    assert applied.returncode == 1 and applied.stdout == b""
    assert report.read_text().startswith("b.go:4:2: deferred-lock: ")
    fixed = tmp_path / "fixed.go.txt"
    stdin = in_process("apply", "-", "--stdin-filename", "c.go", "-o", str(fixed), cwd=root,
                     stdin=LOCK_BUG.replace("func F", "func K").encode())
    assert stdin.returncode == 0 and stdin.stdout == b""
    assert "defer mu.Unlock()" in fixed.read_text()


def test_an_output_file_that_cannot_be_written_stops_the_run_first(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    proc = in_process("apply", "-o", str(tmp_path / "no" / "such" / "dir.txt"), ".", cwd=root)
    assert proc.returncode == 2 and proc.stdout == b""
    assert text(proc.stderr).strip().endswith("dir.txt: cannot write: no such directory")
    assert "defer mu.Lock()" in (root / "a.go").read_text()       # nothing was run
    go = in_process("check", "-o", "a.go", ".", cwd=root)
    assert go.returncode == 2 and b"not written over a Go file" in go.stderr
    assert (root / "a.go").read_text() == LOCK_BUG


def test_quiet_silences_the_fixed_lines_but_not_the_errors(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    proc = in_process("apply", "-q", ".", "missing", cwd=root)
    assert proc.returncode == 2
    assert text(proc.stderr).splitlines() == ["deferfix: missing: no such file or directory"]
    assert "defer mu.Unlock()" in (root / "a.go").read_text()


def test_check_diff_and_apply_help_state_the_exit_codes(tmp_path):
    for command, one in (("check", "findings"), ("diff", "a diff"),
                         ("apply", "findings are left unfixed")):
        out = text(in_process(command, "--help", cwd=tmp_path).stdout)
        codes = out[out.index("Exit codes:"):]
        assert f"  1  {one}" in codes and "  0  " in codes and "  2  a usage error" in codes
        assert "(0 with --exit-zero)" in codes
        assert "  130  interrupted by Ctrl-C" in codes and "an internal error" in codes


def test_the_summary_is_on_stderr_in_every_format(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    for format in FORMATS:
        for command in ("check", "diff"):
            proc = in_process(command, "--format", format, ".", cwd=root)
            assert text(proc.stderr).splitlines()[-1].startswith("deferfix: 1 file scanned; "), \
                (command, format)
        quiet = in_process("check", "--format", format, "-q", ".", cwd=root)
        assert quiet.stderr == b"", format


# --- which files -----------------------------------------------------------------------------

def test_a_directory_without_go_files_gives_a_warning(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# no Go here\n")
    for command in ("check", "diff", "apply"):
        proc = in_process(command, "docs", cwd=tmp_path)
        assert proc.returncode == 0 and proc.stdout == b""
        assert "deferfix: warning: no Go files found" in text(proc.stderr).splitlines()
    assert in_process("check", "-q", "docs", cwd=tmp_path).stderr == b""


def test_a_named_file_that_is_not_go_is_refused_in_one_line(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    (root / "notes.txt").write_text(LOCK_BUG)      # Go-looking text, but not a .go file
    proc = deferfix("apply", "notes.txt", "a.go", cwd=root)
    assert proc.returncode == 2
    errors = [line for line in text(proc.stderr).splitlines() if "notes.txt" in line]
    assert errors == ["deferfix: notes.txt: not a .go file: deferfix reads Go source files "
                      "(name their directory, or a .go file)"]
    assert (root / "notes.txt").read_text() == LOCK_BUG          # never rewritten
    assert "defer mu.Unlock()" in (root / "a.go").read_text()   # the run went on
    assert (root / "go.mod").read_text().startswith("module ")
    assert deferfix("check", "go.mod", cwd=root).returncode == 2


def test_outside_git_the_summary_counts_what_gitignore_hid(tmp_path):
    """A pattern meant for a binary (`tool*`) hides a source directory; outside a git work
    tree deferfix reads .gitignore itself, and now says how many .go files it hid."""
    root = module(tmp_path, {"cmd/a.go": LOCK_BUG, "tools/gen/g.go": LOCK_BUG,
                             "tools/t.go": LOCK_BUG, "toolkit.go": LOCK_BUG,
                             "keep/.gitignore": "!tool*\n", "keep/tool.go": LOCK_BUG,
                             ".gitignore": "tool*\n*.bin\n"})
    proc = in_process("check", ".", cwd=root)
    assert proc.returncode == 1
    assert sorted(set(line.split(":")[0] for line in text(proc.stdout).splitlines()
                      if not line.startswith(" "))) == ["cmd/a.go", "keep/tool.go"]
    summary = text(proc.stderr).splitlines()[-1]
    assert summary.startswith("deferfix: 2 files scanned (3 .go files hidden by .gitignore: "
                              "-v lists them); ")
    verbose = text(in_process("check", "-v", ".", cwd=root).stderr).splitlines()
    why = "skipped: ignored by .gitignore (pattern 'tool*'); name it to analyse it"
    assert [line for line in verbose if "ignored by" in line] == [
        f"toolkit.go: {why}", f"tools/gen/g.go: {why}", f"tools/t.go: {why}"]
    report = json.loads(in_process("check", "--format", "json", ".", cwd=root).stdout)
    assert report["summary"]["files"]["ignored"] == 3


# --- summary counts --------------------------------------------------------------------------

def test_diff_summary_names_the_skipped_and_report_only_findings(tmp_path):
    from test_sarif import THREE_KINDS
    root = module(tmp_path, {"a.go": THREE_KINDS})
    proc = in_process("diff", ".", cwd=root)
    lines = text(proc.stderr).splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("deferfix: 1 file"))
    assert "; 1 fix in the diff, 0 rejected, 1 skipped (unsafe; --unsafe-fixes applies " \
           "them), 1 report-only" in lines[summary]
    assert lines[summary + 1:] == [
        "  unsafe, skipped: a.go:14:2: deferred-lock",
        "  report-only: a.go:18:2: deferred-lock",
        "  (`deferfix check` shows each with why its fix is unsafe or why there is none)"]
    # Given --unsafe-fixes, nothing is called skipped "for want of --unsafe-fixes".
    unsafe = text(in_process("diff", "--unsafe-fixes", ".", cwd=root).stderr)
    assert "2 fixes in the diff, 0 rejected, 0 skipped, 1 report-only" in unsafe
    assert "--unsafe-fixes applies them" not in unsafe
    # Many: the first ten, then how many more.
    many = "".join(f"\nfunc H{i}() {{\n\tdefer mu.Lock()\n}}\n" for i in range(12))
    (root / "b.go").write_text("package p\n" + many)
    tail = text(in_process("diff", ".", cwd=root).stderr).splitlines()
    assert tail[-2:] == ["  … and 4 more", "  (`deferfix check` shows each with why its fix "
                                             "is unsafe or why there is none)"]


def test_a_rejected_unsafe_fix_below_a_moved_line_is_not_counted_as_skipped(tmp_path):
    """The findings left are found on the new text: a safe fix that adds a line above an
    unsafe fix go vet turned down moved it, and the summary used to match it by line, so
    the rejected fix was also counted as "skipped (unsafe; --unsafe-fixes applies them)",
    with --unsafe-fixes given."""
    from codemod import output
    from codemod.runner import Options, run
    root = module(tmp_path, {"a.go": 'package p\n\nimport "fmt"\n\nfunc done()   {}\n'
                                     'func finish() {}\nfunc other()  {}\n\nfunc F() {\n'
                                     '\tfmt.Println("start")\n\tdefer done()\n'
                                     '\tdefer other()\n}\n'})
    result = run(Options(paths=[str(root)], transforms=["engine_rules:shift_then_break"],
                         unsafe_fixes=True, jobs=1))
    assert [r.finding.line for r in result.rejected] == [12]
    assert [f.line for f in result.remaining] == [13]       # the same defer, moved
    summary = output.summarize("diff", result, unsafe_fixes=True)
    assert (summary.applied, summary.rejected, summary.skipped) == (1, 1, 0), summary
    assert "1 fix in the diff, 1 rejected, 0 skipped" in summary.line()
    assert output.left_out(result, unsafe_fixes=True) == []


def test_fixed_lines_add_up_to_the_summary(tmp_path):
    root = module(tmp_path, {"a.go": (EXAMPLE / "leaky.go").read_text(),
                             "b.go": LOCK_BUG.replace("package p", "package leaky")},
                  go="1.21")
    proc = in_process("apply", ".", cwd=root)
    err = text(proc.stderr)
    counts = [int(line.split("(")[1].split()[0]) for line in err.splitlines()
              if line.startswith("fixed ")]
    assert counts == [4, 1]
    assert f"{sum(counts)} fixes applied to 2 files" in err


# --- config ------------------------------------------------------------------------------------

def test_config_names_the_file_for_every_file_and_isolated_reads_none(tmp_path):
    loop = "package p\n\nimport \"os\"\n\nfunc L(ps []string) {\n\tfor _, p := range ps {\n" \
           "\t\tf, _ := os.Open(p)\n\t\tdefer f.Close()\n\t}\n}\n"
    root = module(tmp_path, {"a.go": LOCK_BUG, "a_loop.go": loop, "sub/b.go": LOCK_BUG,
                             "sub/b_loop.go": loop,
                             ".deferfix.toml": 'select = ["deferred-lock"]\n',
                             "sub/.deferfix.toml": 'ignore = ["ALL"]\n'})
    (tmp_path / "ci.toml").write_text('select = ["defer-in-loop"]\n')

    def rules_reported(*args: str) -> list[tuple[str, str]]:
        proc = in_process("check", *args, ".", cwd=root)
        assert proc.returncode in (0, 1), proc.stderr
        return sorted({(line.split(":")[0], line.split(": ")[1]) for line in
                       text(proc.stdout).splitlines() if not line.startswith(" ")})

    assert rules_reported() == [("a.go", "deferred-lock")]         # the nearest config each
    assert rules_reported("--config", str(tmp_path / "ci.toml")) == [
        ("a_loop.go", "defer-in-loop"), ("sub/b_loop.go", "defer-in-loop")]
    assert rules_reported("--isolated") == [
        ("a.go", "deferred-lock"), ("a_loop.go", "defer-in-loop"),
        ("sub/b.go", "deferred-lock"), ("sub/b_loop.go", "defer-in-loop")]


def test_a_config_that_cannot_be_used_stops_the_run_in_one_line(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    missing = deferfix("check", "--config", "nope.toml", ".", cwd=root)
    assert missing.returncode == 2 and missing.stdout == b""
    assert text(missing.stderr).strip() == "deferfix: nope.toml: --config: no such file"
    (tmp_path / "bad.toml").write_text('select = ["defer-in-lop"]\n')
    bad = deferfix("check", "--config", str(tmp_path / "bad.toml"), ".", cwd=root)
    assert bad.returncode == 2 and b"unknown rule 'defer-in-lop'" in bad.stderr
    both = deferfix("check", "--config", str(tmp_path / "bad.toml"), "--isolated", ".",
                    cwd=root)
    assert both.returncode == 2 and b"--config and --isolated contradict" in both.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = deferfix("check", "--config", "nope.toml", ".", cwd=empty)  # no file to analyse
    assert nothing.returncode == 2 and b"--config: no such file" in nothing.stderr


# --- statistics ------------------------------------------------------------------------------

def test_statistics_is_a_table_per_rule_and_fix_kind(tmp_path):
    from test_sarif import THREE_KINDS
    root = module(tmp_path, {"a.go": THREE_KINDS, "b.go": (EXAMPLE / "leaky.go").read_text()
                             .replace("package leaky", "package p")
                             .replace("func (r *Registry) Add", "func (r *Registry) Add2")})
    check = in_process("check", "--statistics", ".", cwd=root)
    assert check.returncode == 1, check.stderr
    assert text(check.stdout).splitlines() == [
        "rule             safe  unsafe  report-only  total",
        "closure-retains     1       0            0      1",
        "defer-in-loop       1       0            1      2",
        "deferred-lock       2       1            1      4",
        "total               4       1            2      7"]
    diff = in_process("diff", "--statistics", ".", cwd=root)
    assert diff.returncode == 1
    assert text(diff.stdout).splitlines()[0].endswith("total  in the diff")
    assert text(diff.stdout).splitlines()[-1] == \
        "total               4       1            2      7            4"
    apply = in_process("apply", "--statistics", "--unsafe-fixes", ".", cwd=root)
    assert text(apply.stdout).splitlines()[3] == \
        "deferred-lock       2       1            1      4      3"
    refused = in_process("check", "--statistics", "--format", "json", ".", cwd=root)
    assert refused.returncode == 2 and b"goes with --format text" in refused.stderr


# --- new code only -----------------------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True, env={**os.environ, "GIT_AUTHOR_NAME": "t",
                                          "GIT_AUTHOR_EMAIL": "t@example.com",
                                          "GIT_COMMITTER_NAME": "t",
                                          "GIT_COMMITTER_EMAIL": "t@example.com"}).stdout


def locked(name: str) -> str:
    return f"\nfunc {name}() {{\n\tmu.Lock()\n\tdefer mu.Lock()\n}}\n"


def reported(proc: subprocess.CompletedProcess) -> list[str]:
    return [line.split(": ")[0] for line in text(proc.stdout).splitlines()
            if ": deferred-lock: " in line]


def test_new_from_rev_reports_and_fixes_only_new_lines(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG + locked("Old"), "b.go": "package p\n"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "old code")
    # A new function in a.go (committed on a branch), an uncommitted one in b.go, a new
    # untracked file, and an old statement edited (F's defer: it counts, Old's does not).
    git(root, "switch", "-q", "-c", "feature")
    (root / "a.go").write_text(LOCK_BUG + locked("Old") + locked("New"))
    git(root, "commit", "-q", "-am", "new code")
    # Meanwhile main gets a finding of its own, which is not the feature's.
    git(root, "switch", "-q", "main")
    (root / "d.go").write_text("package p\n" + locked("OnMain"))
    git(root, "add", "d.go")
    git(root, "commit", "-q", "-m", "main moves on")
    git(root, "switch", "-q", "feature")
    touched = LOCK_BUG.replace("defer mu.Lock()", "defer mu.Lock() // touched")
    (root / "a.go").write_text(touched + locked("Old") + locked("New"))
    (root / "b.go").write_text("package p\n" + locked("Uncommitted"))
    (root / "c.go").write_text("package p\n" + locked("Untracked"))

    everything = in_process("check", ".", cwd=root)
    assert reported(everything) == ["a.go:9:2", "a.go:14:2", "a.go:19:2", "b.go:5:2",
                                    "c.go:5:2"]
    for rev in ("main", "HEAD~1"):           # a branch: its merge base; a commit: itself
        new = in_process("check", "--new-from-rev", rev, ".", cwd=root)
        assert new.returncode == 1, new.stderr
        assert reported(new) == ["a.go:9:2", "a.go:19:2", "b.go:5:2", "c.go:5:2"], rev
    head = in_process("check", "--new-from-rev", "HEAD", ".", cwd=root)
    assert reported(head) == ["a.go:9:2", "b.go:5:2", "c.go:5:2"]

    diff = in_process("diff", "--new-from-rev", "main", ".", cwd=root)
    assert diff.returncode == 1
    assert text(diff.stdout).count("+\tdefer mu.Unlock()") == 4
    applied = in_process("apply", "--new-from-rev", "main", ".", cwd=root)
    assert applied.returncode == 0, applied.stderr
    unlocked = lambda code: code.replace("defer mu.Lock()", "defer mu.Unlock()")  # noqa: E731
    assert (root / "a.go").read_text() == unlocked(touched) + locked("Old") + \
        unlocked(locked("New"))
    assert in_process("check", "--new-from-rev", "main", ".", cwd=root).returncode == 0

    # From stdin: compared with the file's text at the merge base.
    stdin = in_process("check", "-", "--stdin-filename", "a.go", "--new-from-rev", "main",
                     cwd=root, stdin=(LOCK_BUG + locked("Old") + locked("Edited")).encode())
    assert reported(stdin) == ["a.go:19:2"]


def test_new_from_rev_outside_git_or_with_an_unknown_revision_is_one_line(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    outside = deferfix("check", "--new-from-rev", "main", ".", cwd=root)
    assert outside.returncode == 2 and outside.stdout == b""
    assert text(outside.stderr).strip().endswith("is not in a git work tree")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "x")
    unknown = deferfix("check", "--new-from-rev", "no-such-branch", ".", cwd=root)
    assert unknown.returncode == 2
    assert "--new-from-rev no-such-branch: not a revision git knows" in text(unknown.stderr)
    assert "Traceback" not in text(unknown.stderr)
