"""The golden cases: golden/<rule>/<case>/.

Each case is run on a temporary copy with only its rule selected:
- `findings.txt` holds what `check` reports, in the one findings format of every rule
  (`codemod.testing.findings_text`: `check`'s text without the path, a `L:C: rule: message
  [fix: X]` line per finding and its `    why X: reason` line);
- `want.go` is the file after `apply` (safe fixes), and a second `apply` changes nothing;
  a case without want.go is one whose file `apply` leaves as it is;
- other `.go` files of the case (`registry.go`) are files of the same package, copied and
  run beside it (a helper declared in another file);
- `want-unsafe.go`, when present, is the file after `apply --unsafe-fixes` (absent when that
  leaves it as it is);
- `stdout-before.txt` / `stdout-after.txt`, when present, are what the input and the fixed
  file print when run: the fix removes the defect and moves nothing else;
- `.deferfix.toml`, when present, is copied too (`types = false`: the syntactic fallback);
  so is a subdirectory (`dep/`, a module of its own that go.mod requires by a replace: a
  callee of another module).

`test_golden` runs the rule in-process with gofmt only (`--no-verify`): seconds for all
cases. The tests marked `go` (skipped by `pytest --no-go`) add the Go toolchain: the same
fixes pass go vet unchanged, and the programs print what the stdout files say (built once
per session, tests/goprograms.py). `UPDATE_GOLDEN=1` rewrites the expectations from the
tool's output; review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod.cli import main
from codemod.testing import findings_text
from goprograms import Programs, go_line

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
CASES = sorted(p for p in GOLDEN.glob("*/*") if (p / "input.go").is_file())
RUNNABLE = [c for c in CASES if (c / "stdout-before.txt").exists()]


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
    for sub in case.iterdir():   # a module the case requires by a replace (`dep/`)
        if sub.is_dir():
            shutil.copytree(sub, dest / sub.name)
    return dest / "input.go"


def _cli(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, [*args, "--format", "json", "--jobs", "1"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, json.loads(result.stdout)


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


def _expect_text(case: Path, name: str, actual: bytes) -> None:
    """`name` (want.go, want-unsafe.go) holds the fixed text, or is absent when the text is
    the input's."""
    path = case / name
    if UPDATE:
        if actual == (case / "input.go").read_bytes():
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(actual)
        return
    assert actual == _expected_text(case, name), f"{name} differs"


def _expected_text(case: Path, name: str) -> bytes:
    path = case / name
    return path.read_bytes() if path.exists() else (case / "input.go").read_bytes()


def _apply(target: Path, rule: str, *extra: str) -> dict:
    code, payload = _cli("apply", "--select", rule, *extra, str(target))
    assert code in (0, 1), payload["errors"]
    assert not payload["errors"], payload["errors"]
    return payload


def _has_unsafe(case: Path, payload: dict) -> bool:
    return (case / "want-unsafe.go").exists() or any(
        f["fix"] and f["fix"]["applicability"] == "unsafe" for f in payload["findings"])


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_golden(case: Path, tmp_path: Path) -> None:
    rule = case.parent.name
    target = _copy_case(case, tmp_path / "safe")

    code, payload = _cli("check", "--select", rule, str(target))
    assert not payload["errors"], payload["errors"]
    _expect(case / "findings.txt", findings_text(payload["findings"]))
    assert code == (1 if payload["findings"] else 0)
    for finding in payload["findings"]:
        assert finding["fix"]["reason"], "every finding says why its fix has its applicability"
        if rule == "defer-in-loop" and case.name.startswith("trap-"):
            assert finding["fix"]["applicability"] != "safe", "a trap got a safe fix"

    payload = _apply(target, rule, "--no-verify")
    assert not payload["rejected"], f"a fix failed gofmt: {payload['rejected']}"
    _expect_text(case, "want.go", target.read_bytes())
    again = _apply(target, rule, "--no-verify")
    assert not again["changes"], "a second apply changed the file again"

    if _has_unsafe(case, payload):
        unsafe_target = _copy_case(case, tmp_path / "unsafe")
        unsafe = _apply(unsafe_target, rule, "--no-verify", "--unsafe-fixes")
        assert not unsafe["rejected"], f"an unsafe fix failed gofmt: {unsafe['rejected']}"
        _expect_text(case, "want-unsafe.go", unsafe_target.read_bytes())
        assert not _apply(unsafe_target, rule, "--no-verify", "--unsafe-fixes")["changes"]


@pytest.mark.go
@pytest.mark.parametrize("case", [c for c in CASES if (c / "want.go").exists()
                                  or (c / "want-unsafe.go").exists()], ids=_case_id)
def test_golden_fixes_pass_go_vet(case: Path, tmp_path: Path) -> None:
    """Verified as `apply` verifies (gofmt and go vet), the fixes are the same."""
    rule = case.parent.name
    target = _copy_case(case, tmp_path / "safe")
    payload = _apply(target, rule)
    assert not payload["rejected"], f"a fix failed verification: {payload['rejected']}"
    assert target.read_bytes() == _expected_text(case, "want.go")
    if (case / "want-unsafe.go").exists():
        unsafe_target = _copy_case(case, tmp_path / "unsafe")
        unsafe = _apply(unsafe_target, rule, "--unsafe-fixes")
        assert not unsafe["rejected"], f"an unsafe fix failed verification: {unsafe['rejected']}"
        assert unsafe_target.read_bytes() == _expected_text(case, "want-unsafe.go")


@pytest.fixture(scope="session")
def golden_programs(tmp_path_factory) -> tuple[Programs, dict[tuple[Path, str], str]]:
    """Every runnable case's input and fixed programs, built in one go per `go` line."""
    programs = Programs(tmp_path_factory.mktemp("golden-programs"))
    names = {}
    for case in RUNNABLE:
        kinds = ["input.go", "want.go"]
        if (case / "stdout-unsafe.txt").exists():
            kinds.append("want-unsafe.go")
        for kind in kinds:
            files = {"main.go": _expected_text(case, kind)}
            files.update((s.name, s.read_bytes()) for s in siblings(case))
            names[(case, kind)] = programs.add(files, go_line(case))
    programs.build()
    return programs, names


@pytest.mark.go
@pytest.mark.parametrize("case", RUNNABLE, ids=_case_id)
def test_golden_programs_print_the_same(case: Path, tmp_path: Path, golden_programs) -> None:
    programs, names = golden_programs
    _expect(case / "stdout-before.txt", programs.run(names[(case, "input.go")], tmp_path).stdout)
    _expect(case / "stdout-after.txt", programs.run(names[(case, "want.go")], tmp_path).stdout)


@pytest.mark.go
@pytest.mark.parametrize("case", [c for c in RUNNABLE if (c / "stdout-unsafe.txt").exists()],
                         ids=_case_id)
def test_golden_unsafe_fix_changes_what_the_program_prints(case: Path, tmp_path: Path,
                                                           golden_programs) -> None:
    """A runnable case whose unsafe fix changes behaviour on purpose: stdout-unsafe.txt is
    what want-unsafe.go prints, so the change is pinned down as well as the text."""
    assert (case / "want-unsafe.go").exists(), "stdout-unsafe.txt needs want-unsafe.go"
    programs, names = golden_programs
    _expect(case / "stdout-unsafe.txt",
            programs.run(names[(case, "want-unsafe.go")], tmp_path).stdout)


def test_every_rule_has_positive_and_negative_cases() -> None:
    from codemod.registry import rule_ids

    for rule in rule_ids():
        cases = [c for c in CASES if c.parent.name == rule]
        assert cases, f"{rule} has no golden cases"
        negatives = [c for c in cases if (c / "findings.txt").read_text() == ""]
        positives = [c for c in cases if (c / "findings.txt").read_text() != ""]
        assert negatives and positives, f"{rule} needs both positive and negative cases"
