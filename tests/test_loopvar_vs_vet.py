"""loopvar-capture side by side with go vet's loopclosure analyzer.

Every golden loopvar-capture input is vetted in its own Go version (go.mod as in the case):
each loopclosure diagnostic must fall inside a loopvar-capture finding of the same file, and
deferfix must report more than vet: the defers that are not the last statement of the loop
body, which loopclosure does not look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod.cli import main


# Every test here runs the Go toolchain (`pytest --no-go` skips them).
pytestmark = pytest.mark.go

CASES = Path(__file__).resolve().parent.parent / "golden" / "loopvar-capture"


def _modules(tmp_path: Path) -> list[Path]:
    """One module per go.mod text, one package directory per case."""
    roots: dict[str, Path] = {}
    for case in sorted(p for p in CASES.iterdir() if (p / "input.go").is_file()):
        gomod = (case / "go.mod").read_text()
        root = roots.setdefault(gomod, tmp_path / f"module{len(roots)}")
        root.mkdir(exist_ok=True)
        (root / "go.mod").write_text(gomod)
        (root / case.name).mkdir()
        shutil.copy(case / "input.go", root / case.name / "input.go")
    return list(roots.values())


def _vet(root: Path) -> list[tuple[str, int]]:
    env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod")
    proc = subprocess.run(["go", "vet", "-json", "./..."], cwd=root, capture_output=True,
                          text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    found = []
    decoder, text, at = json.JSONDecoder(), proc.stderr + proc.stdout, 0
    while (start := text.find("{", at)) != -1:
        payload, at = decoder.raw_decode(text, start)
        for analyzers in payload.values():
            for diagnostic in analyzers.get("loopclosure", []):
                path, line, _ = diagnostic["posn"].rsplit(":", 2)
                found.append((os.path.relpath(path, root), int(line)))
    return found


def _deferfix(root: Path) -> dict[str, list[tuple[int, int]]]:
    result = CliRunner().invoke(main, ["check", "--select", "loopvar-capture", "--no-verify",
                                       "--format", "json", "--jobs", "1", str(root)])
    payload = json.loads(result.stdout)
    assert not payload["errors"], payload["errors"]
    spans = defaultdict(list)
    for finding in payload["findings"]:
        path = os.path.relpath(os.path.join(os.getcwd(), finding["path"]), root) \
            if not os.path.isabs(finding["path"]) else os.path.relpath(finding["path"], root)
        spans[path].append((finding["line"], finding["end_line"]))
    return spans


def test_deferfix_reports_everything_vet_loopclosure_reports_and_more(tmp_path: Path) -> None:
    vet_total = deferfix_total = 0
    only_deferfix: set[str] = set()
    for root in _modules(tmp_path):
        vetted = _vet(root)
        spans = _deferfix(root)
        for path, line in vetted:
            assert any(start <= line <= end for start, end in spans.get(path, [])), \
                f"go vet reports {path}:{line}, deferfix does not"
        vet_total += len(vetted)
        for path, found in spans.items():
            deferfix_total += len(found)
            for start, end in found:
                if not any(p == path and start <= line <= end for p, line in vetted):
                    only_deferfix.add(path.split(os.sep)[0])
    assert vet_total > 0
    assert deferfix_total > vet_total
    # loopclosure looks only at the last statement of the body; deferfix at every position.
    assert "defer-not-last-statement-vet-misses" in only_deferfix
    assert "goroutine-with-wait-later-in-iteration" in only_deferfix
