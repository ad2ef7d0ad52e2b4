"""Bad input and faults (issue 12): a file that does not parse, symlinks, paths and files that
cannot be read, a config that is not UTF-8, a binary file named .go. Every test runs the real
CLI in a process over real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_engine import LOCK_BUG, LOCK_FIXED, module

BROKEN = LOCK_BUG + "\nfunc broken() {\n\tx := 1 +\n}\n"   # first error: 13:9


def deferfix(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "codemod.cli", *args, "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, timeout=300, **kwargs)


# --- a file that does not parse is never written ---------------------------------------------

@pytest.mark.parametrize("verify", [[], ["--no-verify"]], ids=["vet", "no-verify"])
def test_a_file_that_does_not_parse_is_reported_and_never_written(tmp_path, verify):
    root = module(tmp_path, {"a.go": BROKEN, "good/b.go": LOCK_BUG})
    proc = deferfix("apply", *verify, ".", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert (root / "a.go").read_text() == BROKEN
    assert (root / "good" / "b.go").read_text() == LOCK_FIXED   # the rest is fixed
    assert "a.go:9:2: deferred-lock:" in proc.stdout and "[fix: none]" in proc.stdout
    assert "    why report-only: the file does not parse at 13:9\n" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_a_file_that_does_not_parse_in_diff_json_and_sarif(tmp_path):
    root = module(tmp_path, {"a.go": BROKEN})
    diff = deferfix("diff", ".", cwd=root)
    assert (diff.returncode, diff.stdout) == (0, ""), diff.stderr
    for command in ("check", "diff"):
        proc = deferfix(command, "--format", "json", ".", cwd=root)
        document = json.loads(proc.stdout)
        assert document["fixes"] == [] and document["changes"] == []
        [finding] = document["findings"]
        assert finding["fix"]["applicability"] == "none"
        assert finding["fix"]["reason"] == "the file does not parse at 13:9"
        sarif = json.loads(deferfix(command, "--format", "sarif", ".", cwd=root).stdout)
        [result] = sarif["runs"][0]["results"]
        assert "fixes" not in result
        assert result["properties"] == {"applicability": "none",
                                        "reason": "the file does not parse at 13:9"}
    assert (root / "a.go").read_text() == BROKEN


def test_a_missing_token_counts_as_not_parsing(tmp_path):
    # tree-sitter recovers `defer mu.Unlock(` with a MISSING ")": still a file that does not
    # parse, at the place of the missing token.
    text = LOCK_BUG + "\nfunc G() {\n\tdefer mu.Unlock(\n}\n"
    root = module(tmp_path, {"a.go": text})
    proc = deferfix("apply", "--no-verify", ".", cwd=root)
    assert (root / "a.go").read_text() == text
    assert "why report-only: the file does not parse at 13:18" in proc.stdout, proc.stdout


def test_the_writer_refuses_a_new_text_that_does_not_parse(tmp_path):
    from codemod.writer import WriteError, write_atomic
    path = tmp_path / "a.go"
    path.write_text(LOCK_BUG)
    with pytest.raises(WriteError, match="does not parse at 13:9; not written"):
        write_atomic(str(path), LOCK_BUG.encode(), BROKEN.encode())
    assert path.read_text() == LOCK_BUG and os.listdir(tmp_path) == ["a.go"]
