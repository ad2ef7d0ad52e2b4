"""The golden cases: golden/<rule>/<case>/.

Each case is run on a temporary copy with only its rule selected:
- `findings.txt` holds what `check` reports (`line:col: rule: message [fix: X]`);
- `want.go` is the file after `apply` (safe fixes), and a second `apply` changes nothing;
- other `.go` files of the case (`registry.go`) are files of the same package, copied and
  run beside it (a helper declared in another file);
- `want-unsafe.go`, when present, is the file after `apply --unsafe-fixes`;
- `stdout-before.txt` / `stdout-after.txt`, when present, are what `go run` prints for the
  input and for want.go: the fix removes the defect and moves nothing else;
- `.deferfix.toml`, when present, is copied too (`types = false`: the syntactic fallback).
`UPDATE_GOLDEN=1` rewrites the expectations from the tool's output; review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod.cli import main

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
CASES = sorted(p for p in GOLDEN.glob("*/*") if (p / "input.go").is_file())


def _case_id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


def siblings(case: Path) -> list[Path]:
    """The case's other files of the package (`registry.go` beside input.go): analysed and
    run with it, never rewritten by the expectations."""
    return sorted(p for p in case.glob("*.go")
                  if p.name not in ("input.go", "want.go", "want-unsafe.go"))


def _copy_case(case: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy(case / "input.go", dest / "input.go")
    for name in ("go.mod", ".deferfix.toml"):   # the config: `types = false` cases
        if (case / name).exists():
            shutil.copy(case / name, dest / name)
    for sibling in siblings(case):
        shutil.copy(sibling, dest / sibling.name)
    return dest / "input.go"


def _cli(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, [*args, "--format", "json", "--jobs", "1"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, json.loads(result.stdout)


def _finding_lines(payload: dict) -> str:
    lines = [f"{f['line']}:{f['col']}: {f['rule']}: {f['message']} "
             f"[fix: {f['fix']['applicability'] if f['fix'] else 'none'}]"
             for f in payload["findings"]]
    return "".join(line + "\n" for line in lines)


def _expect(path: Path, actual: str | bytes) -> None:
    data = actual.encode() if isinstance(actual, str) else actual
    if UPDATE:
        path.write_bytes(data)
        return
    assert path.exists(), f"missing {path}; run with UPDATE_GOLDEN=1 and review"
    expected = path.read_bytes()
    if isinstance(actual, str):
        assert actual == expected.decode(), f"{path.name} differs"
    else:
        assert data == expected, f"{path.name} differs"


def _apply(target: Path, rule: str, *extra: str) -> dict:
    code, payload = _cli("apply", "--select", rule, *extra, str(target))
    assert code in (0, 1), payload["errors"]
    assert not payload["errors"], payload["errors"]
    return payload


def _go_run(case: Path, source: Path, run_dir: Path) -> str:
    run_dir.mkdir()
    shutil.copy(source, run_dir / "main.go")
    for sibling in siblings(case):
        shutil.copy(sibling, run_dir / sibling.name)
    args = ["go", "run", "main.go"]
    if (case / "go.mod").exists():
        shutil.copy(case / "go.mod", run_dir / "go.mod")
        args = ["go", "run", "."]
    env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod")
    proc = subprocess.run(args, cwd=run_dir, capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0 or "exit status" in proc.stderr, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_golden(case: Path, tmp_path: Path) -> None:
    rule = case.parent.name
    target = _copy_case(case, tmp_path / "safe")

    code, payload = _cli("check", "--select", rule, str(target))
    assert not payload["errors"], payload["errors"]
    _expect(case / "findings.txt", _finding_lines(payload))
    assert code == (1 if payload["findings"] else 0)

    payload = _apply(target, rule)
    assert not payload["rejected"], f"a fix failed verification: {payload['rejected']}"
    _expect(case / "want.go", target.read_bytes())
    again = _apply(target, rule)
    assert not again["changes"], "a second apply changed the file again"

    if (case / "want-unsafe.go").exists() or any(
            f["fix"] and f["fix"]["applicability"] == "unsafe" for f in payload["findings"]):
        unsafe_target = _copy_case(case, tmp_path / "unsafe")
        unsafe = _apply(unsafe_target, rule, "--unsafe-fixes")
        assert not unsafe["rejected"], f"an unsafe fix failed verification: {unsafe['rejected']}"
        _expect(case / "want-unsafe.go", unsafe_target.read_bytes())
        assert not _apply(unsafe_target, rule, "--unsafe-fixes")["changes"]

    if (case / "stdout-before.txt").exists():
        _expect(case / "stdout-before.txt", _go_run(case, case / "input.go", tmp_path / "before"))
        _expect(case / "stdout-after.txt", _go_run(case, case / "want.go", tmp_path / "after"))


def test_every_rule_has_positive_and_negative_cases() -> None:
    from codemod.registry import rule_ids

    for rule in rule_ids():
        cases = [c for c in CASES if c.parent.name == rule]
        assert cases, f"{rule} has no golden cases"
        negatives = [c for c in cases if (c / "findings.txt").read_text() == ""]
        positives = [c for c in cases if (c / "findings.txt").read_text() != ""]
        assert negatives and positives, f"{rule} needs both positive and negative cases"
