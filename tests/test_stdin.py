"""Stdin mode: `deferfix check|diff|apply -` read one Go file from stdin, for editors.

`--stdin-filename` names where the text lives: its go.mod gives the Go version, and go vet
checks the fixed text there through an overlay (the baseline sees the stdin text too, never
the file on disk). The file on disk is never written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from codemod.cli import main
from codemod.runner import Options, run
from test_engine import LOCK_BUG, LOCK_FIXED, module


def deferfix(*args: str, stdin: bytes, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a process, with real stdin and stdout pipes."""
    return subprocess.run([sys.executable, "-m", "codemod.cli", *args], input=stdin,
                          capture_output=True, cwd=cwd, timeout=300)


def test_apply_writes_the_fixed_file_to_stdout_and_nothing_to_disk(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    proc = deferfix("apply", "-", "--stdin-filename", "a.go", stdin=LOCK_BUG.encode(), cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == LOCK_FIXED.encode()
    assert (root / "a.go").read_text() == LOCK_BUG
    assert b"could not vet" not in proc.stderr  # go vet ran, inside the module
    assert b"scanned" not in proc.stderr        # no summary line in editor mode


def test_apply_without_findings_echoes_the_bytes(tmp_path):
    root = module(tmp_path, {})
    content = b"\xef\xbb\xbf" + LOCK_FIXED.replace("\n", "\r\n").encode()
    proc = deferfix("apply", "-", "--stdin-filename", "a.go", stdin=content, cwd=root)
    assert (proc.returncode, proc.stdout) == (0, content)


def test_apply_keeps_crlf_in_the_fixed_text(tmp_path):
    root = module(tmp_path, {})
    content = LOCK_BUG.replace("\n", "\r\n").encode()
    proc = deferfix("apply", "-", "--stdin-filename", "a.go", stdin=content, cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == LOCK_FIXED.replace("\n", "\r\n").encode()


def test_apply_leaves_unfixable_findings_on_stderr_and_exits_1(tmp_path):
    root = module(tmp_path, {})
    report_only = LOCK_FIXED + "\nfunc H() {\n\tdefer mu.Lock()\n}\n"
    proc = deferfix("apply", "-", "--stdin-filename", "pkg/h.go", stdin=report_only.encode(),
                    cwd=root)
    assert proc.returncode == 1
    assert proc.stdout == report_only.encode()
    assert b"pkg/h.go:13:2: deferred-lock:" in proc.stderr and b"[fix: none]" in proc.stderr


def test_diff_names_the_file_by_stdin_filename(tmp_path):
    root = module(tmp_path, {"pkg/a.go": LOCK_BUG})
    proc = deferfix("diff", "-", "--stdin-filename", "pkg/a.go", stdin=LOCK_BUG.encode(),
                    cwd=root)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode()
    assert out.startswith("--- a/pkg/a.go\n+++ b/pkg/a.go\n")
    assert "-\tdefer mu.Lock()\n+\tdefer mu.Unlock()\n" in out


def test_check_reports_under_the_stdin_filename():
    result = CliRunner().invoke(main, ["check", "-", "--stdin-filename", "x/y.go"],
                                input=LOCK_BUG)
    assert result.exit_code == 1
    assert result.stdout.startswith("x/y.go:9:2: deferred-lock:")


def test_without_a_filename_the_text_is_outside_any_module(tmp_path):
    root = module(tmp_path, {})
    proc = deferfix("diff", "-", stdin=LOCK_BUG.encode(), cwd=root)
    assert proc.returncode == 1
    assert b"+\tdefer mu.Unlock()" in proc.stdout
    assert b"could not vet: no go.mod" in proc.stderr


def test_the_baseline_is_the_stdin_text_not_the_file_on_disk(tmp_path):
    # On disk a.go does not compile (the editor's buffer has the repaired text): a baseline
    # vetted from disk would fail and fall back to gofmt; the overlay vets the buffer.
    root = module(tmp_path, {"a.go": LOCK_BUG.replace("var mu sync.Mutex", "var mu undefined"),
                             "b.go": "package p\n\nfunc helper() {}\n"})
    text = LOCK_BUG.replace("func F() {", "func F() {\n\thelper()")
    proc = deferfix("apply", "-", "--stdin-filename", str(root / "a.go"), stdin=text.encode())
    assert proc.returncode == 0, proc.stderr
    assert b"could not vet" not in proc.stderr
    assert proc.stdout == text.replace("defer mu.Lock()", "defer mu.Unlock()").encode()


def test_a_new_file_that_is_not_on_disk_yet_is_vetted_with_its_package(tmp_path):
    root = module(tmp_path, {"b.go": "package p\n\nfunc helper() {}\n"})
    text = LOCK_BUG.replace("func F() {", "func F() {\n\thelper()")
    proc = deferfix("apply", "-", "--stdin-filename", "new.go", stdin=text.encode(), cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert b"could not vet" not in proc.stderr
    assert not (root / "new.go").exists()


def test_go_vet_rejects_a_bad_fix_of_stdin_text(tmp_path):
    # The test rule rewrites `defer done()` into a printf call go vet rejects.
    root = module(tmp_path, {})
    text = b'package p\n\nimport "fmt"\n\nfunc done() {}\n\nfunc F() {\n\tfmt.Println()\n' \
           b'\tdefer done()\n}\n'
    result = run(Options(contents={str(root / "a.go"): text}, jobs=1,
                         transforms=["engine_rules:vet_breaker"]))
    assert result.changes == []
    assert [r.reason.split(":")[0:2] for r in result.rejected] == [["go vet", " printf"]]
    assert not (root / "a.go").exists()


def test_the_go_version_comes_from_the_stdin_filename_module(tmp_path):
    root = module(tmp_path, {}, go="1.23")
    result = run(Options(contents={str(root / "a.go"): LOCK_BUG.encode()}, fix=False, jobs=1))
    assert result.files[0].go_version == (1, 23)
    outside = run(Options(contents={"/dev/stdin": LOCK_BUG.encode()}, fix=False, jobs=1))
    assert outside.files[0].go_version == (1, 21)  # GOPATH mode


def test_usage_errors():
    runner = CliRunner()
    for args in (["apply", "-", "--format", "json"],
                 ["check", "-", "a.go"],
                 ["check", "a.go", "--stdin-filename", "a.go"],
                 ["apply", "-", "--interactive"]):
        result = runner.invoke(main, args, input=LOCK_BUG)
        assert result.exit_code == 2, args
    # json and SARIF of stdin text are fine for check and diff
    result = runner.invoke(main, ["check", "-", "--format", "json", "--stdin-filename", "a.go"],
                           input=LOCK_BUG)
    assert result.exit_code == 1 and '"path": "a.go"' in result.stdout


def test_stdin_mode_ignores_the_current_directory(tmp_path, monkeypatch):
    # A broken Go file in the working directory is not looked at: only stdin is.
    (tmp_path / "broken.go").write_text("package p\nfunc {")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "-"], input=LOCK_FIXED)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert os.listdir(tmp_path) == ["broken.go"]


def test_the_config_is_found_from_the_stdin_filename(tmp_path):
    root = module(tmp_path, {})
    (root / ".deferfix.toml").write_text('exclude = ["gen/"]\n\n[per-path-ignores]\n'
                                         '"quiet/**" = ["deferred-lock"]\n')
    assert deferfix("check", "-", "--stdin-filename", "a.go", stdin=LOCK_BUG.encode(),
                    cwd=root).returncode == 1
    assert deferfix("check", "-", "--stdin-filename", "quiet/a.go", stdin=LOCK_BUG.encode(),
                    cwd=root).returncode == 0
    excluded = deferfix("apply", "-", "--stdin-filename", "gen/a.go", stdin=LOCK_BUG.encode(),
                        cwd=root)
    assert (excluded.returncode, excluded.stdout) == (0, LOCK_BUG.encode())


def test_columns_come_from_the_stdin_text_not_the_disk(tmp_path):
    text = LOCK_BUG.replace("\tmu.Lock()\n\tdefer mu.Lock()", '\tmu.Lock(); _ = "😀"; defer mu.Lock()')
    root = module(tmp_path, {"a.go": "package p\n"})  # on disk: something else entirely
    proc = deferfix("check", "-", "--stdin-filename", "a.go", "--format", "github",
                    stdin=text.encode(), cwd=root)
    assert proc.returncode == 1
    column = len('\tmu.Lock(); _ = "😀"; '.encode("utf-16-le")) // 2 + 1
    assert f"file=a.go,line=8,endLine=8,col={column},".encode() in proc.stdout
