"""Output for people and tools: colour on terminals (and only there), the summary line, the
progress bar, the reasons under findings, the json contract and GitHub annotations."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import click
from click.testing import CliRunner

from codemod import output
from codemod.cli import main
from terminal import deferfix_in_terminal
from test_engine import LOCK_BUG, module
from test_sarif import THREE_KINDS

ESC = "\x1b["


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def cli(*args: str, env: dict | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# --- colour --------------------------------------------------------------------------------

def test_colour_policy(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert output.use_color("auto", _Tty()) is True
    assert output.use_color("auto", io.StringIO()) is False
    assert output.use_color("never", _Tty()) is False
    assert output.use_color("always", io.StringIO()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert output.use_color("auto", _Tty()) is False
    assert output.use_color("always", _Tty()) is True   # an explicit flag beats NO_COLOR
    monkeypatch.setenv("NO_COLOR", "")                   # empty means unset (no-color.org)
    assert output.use_color("auto", _Tty()) is True


def test_a_terminal_gets_colour_and_no_color_turns_it_off(tmp_path):
    root = module(tmp_path, {"a.go": THREE_KINDS})
    screen = deferfix_in_terminal(["diff", "."], cwd=str(root))
    assert screen.returncode == 1
    assert ESC + "31m-\tdefer mu.Lock()" in screen.text     # removal in red
    assert ESC + "32m+\tdefer mu.Unlock()" in screen.text   # addition in green
    plain = deferfix_in_terminal(["diff", "."], cwd=str(root), env={"NO_COLOR": "1"})
    assert plain.returncode == 1 and ESC not in plain.text
    assert "+\tdefer mu.Unlock()" in plain.text
    never = deferfix_in_terminal(["check", "--color", "never", "."], cwd=str(root))
    assert never.returncode == 1 and ESC not in never.text and "[fix: safe]" in never.text
    findings = deferfix_in_terminal(["check", "."], cwd=str(root))
    assert ESC + "32m[fix: safe]" in findings.text and ESC + "33m[fix: unsafe]" in findings.text


def test_a_pipe_gets_no_colour_unless_asked(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    piped = subprocess.run([sys.executable, "-m", "codemod.cli", "diff", "."], cwd=root,
                           capture_output=True, text=True)
    assert piped.returncode == 1 and ESC not in piped.stdout + piped.stderr
    forced = subprocess.run([sys.executable, "-m", "codemod.cli", "diff", "--color", "always",
                             "."], cwd=root, capture_output=True, text=True)
    assert ESC in forced.stdout
    assert click.unstyle(forced.stdout) == piped.stdout  # colour adds codes, nothing else


def test_colour_never_touches_machine_formats(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    for fmt in ("json", "sarif", "github"):
        _, out, _ = cli("check", "--format", fmt, "--color", "always", str(root))
        assert ESC not in out, fmt


# --- text ----------------------------------------------------------------------------------

def test_findings_carry_the_reason_for_their_applicability(tmp_path):
    root = module(tmp_path, {"a.go": THREE_KINDS})
    code, out, _ = cli("check", str(root))
    lines = out.splitlines()
    assert code == 1 and len(lines) == 6
    assert lines[0].endswith("[fix: safe]") and lines[1].startswith("    why safe: ")
    assert lines[2].endswith("[fix: unsafe]") and lines[3].startswith("    why unsafe: ")
    assert lines[4].endswith("[fix: none]") and lines[5].startswith("    why report-only: ")


def test_summary_line_counts_the_run(tmp_path):
    root = module(tmp_path, {"a.go": THREE_KINDS, "b.go": "package p\n"})
    _, _, err = cli("check", str(root))
    assert err.splitlines()[-1] == ("deferfix: 2 files scanned; 3 findings (deferred-lock: 3); "
                                    "fixes: 1 safe, 1 unsafe, 1 report-only")
    _, _, err = cli("diff", str(root))
    summary = next(line for line in err.splitlines() if line.startswith("deferfix: 2 files"))
    assert summary.endswith(
        "; 1 fix in the diff, 0 rejected, 1 skipped (unsafe; --unsafe-fixes applies them), "
        "1 report-only, 1 unverified (gofmt only: go vet did not check it)")  # a.go has a type error
    _, _, err = cli("apply", "--unsafe-fixes", str(root))
    assert err.splitlines()[-1].endswith(
        "; 2 fixes applied to 1 file, 0 rejected, 0 skipped, 1 report-only")
    assert "fixed " in err and "a.go (2 fixes)" in err
    _, _, err = cli("check", "--quiet", str(root))
    assert "scanned" not in err


def test_summary_counts_rejected_fixes(tmp_path):
    from codemod.runner import Options, run
    from test_engine import VET_TARGET
    root = module(tmp_path, {"a.go": VET_TARGET})
    result = run(Options(paths=[str(root)], transforms=["engine_rules:vet_breaker"], jobs=1))
    summary = output.summarize("diff", result)
    assert (summary.applied, summary.rejected, summary.findings) == (0, 1, 1)
    assert "0 fixes in the diff, 1 rejected" in summary.line()


def test_progress_bar_on_a_terminal_for_many_files(tmp_path):
    files = {f"p{i}/a.go": LOCK_BUG.replace("package p", f"package p{i}") for i in range(70)}
    root = module(tmp_path, files)
    screen = deferfix_in_terminal(["check", "--color", "never", "."], cwd=str(root))
    assert screen.returncode == 1 and "scanning" in screen.text
    assert "70 files scanned; 70 findings" in screen.text
    quiet = deferfix_in_terminal(["check", "--quiet", "."], cwd=str(root))
    assert "scanning" not in quiet.text and "files scanned" not in quiet.text
    small = deferfix_in_terminal(["check", "p1"], cwd=str(root))
    assert "scanning" not in small.text  # a handful of files needs no bar


# --- json ----------------------------------------------------------------------------------

def test_json_contract(tmp_path):
    """The documented json shape (README): version 2 holds these fields with these types."""
    root = module(tmp_path, {"a.go": THREE_KINDS})
    _, diffed, _ = cli("diff", "--format", "json", str(root))
    fixes = json.loads(diffed)["fixes"]
    assert [set(f) for f in fixes] == [{"id", "path", "applicability", "description",
                                        "verification", "unverified", "findings", "edits"}]
    # The module does not build (RUnlock on a Mutex): gofmt alone checked the fix.
    assert fixes[0]["verification"] == "gofmt"
    assert fixes[0]["unverified"].startswith("go vet could not run: ")
    assert "RUnlock undefined" in fixes[0]["unverified"]
    (tmp_path / "b").mkdir()
    _, vetted, _ = cli("diff", "--format", "json", str(module(tmp_path / "b", {"a.go": LOCK_BUG})))
    assert [(f["verification"], f["unverified"]) for f in json.loads(vetted)["fixes"]] == \
        [("go vet", "")]
    assert set(fixes[0]["edits"][0]) == {"start", "end", "replacement"}
    assert [f["fix_id"] for f in json.loads(diffed)["findings"]] == [1, None, None]
    _, out, _ = cli("apply", "--format", "json", str(root))
    payload = json.loads(out)
    assert payload["version"] == 2 and payload["command"] == "apply"
    assert set(payload) == {"version", "command", "findings", "fixes", "changes", "rejected",
                            "errors", "notes", "summary", "written", "remaining"}
    assert payload["fixes"] == []   # apply wrote them
    finding = payload["findings"][0]
    assert set(finding) == {"rule", "path", "line", "col", "end_line", "end_col", "message",
                            "fix", "fix_id", "notes"}
    assert set(finding["fix"]) == {"applicability", "description", "reason"}
    assert set(payload["changes"][0]) == {"path", "diff", "unverified", "fixes"}
    assert payload["summary"] == {
        "files": {"scanned": 1, "skipped": {}, "ignored": 0, "changed": 1, "errors": 0},
        "findings": {"total": 3, "by_rule": {"deferred-lock": 3},
                     "by_fix": {"safe": 1, "unsafe": 1, "none": 1}},
        "fixes": {"applied": 1, "rejected": 0, "skipped": 1, "declined": 0, "report_only": 1,
                  "unverified": 1},
    }
    assert [f["fix"]["applicability"] for f in payload["remaining"]] == ["unsafe", "none"]
    assert payload["written"] == [payload["changes"][0]["path"]]


# --- GitHub annotations --------------------------------------------------------------------

def test_github_annotations(tmp_path, monkeypatch):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    monkeypatch.chdir(root)
    code, out, err = cli("check", "--format", "github")
    assert code == 1
    (line,) = out.splitlines()
    head, _, message = line.partition("::")[2].partition("::")
    assert head == ("warning file=a.go,line=9,endLine=9,col=2,endColumn=17,"
                    "title=deferfix deferred-lock [fix%3A safe]")
    assert message.startswith("defer mu.Lock() right after mu.Lock()")
    assert "%0Afix (safe): " in message and "%0Awhy safe: " in message
    assert "deferfix: 1 file scanned" in err


def test_annotation_escaping():
    assert output.annotation("error", "50% done\r\nnext", file="a,b:c.go", line=3) == \
        "::error file=a%2Cb%3Ac.go,line=3::50%25 done%0D%0Anext"
    assert output.annotation("notice", "plain") == "::notice::plain"
