"""The golden cases: golden/<rule>/<case>/.

Each case is run on a temporary copy with only its rule selected (the cases of a rule as
packages of one tree, one deferfix run for all of them: `Batch`; a case without findings is
checked alone as well, for its exit code 0):
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


def _has_unsafe(case: Path, payload: dict) -> bool:
    return (case / "want-unsafe.go").exists() or any(
        f["fix"] and f["fix"]["applicability"] == "unsafe" for f in payload["findings"])


def _solo(case: Path) -> bool:
    """A case that keeps a module of its own in a batch: its go.mod says more than its module
    and `go` line, it has a config or a subdirectory, or its expectations name its package's
    import path (which a shared module changes)."""
    gomod = [line.split()[0] for line in (case / "go.mod").read_text().splitlines()
             if line.strip()]
    return gomod != ["module", "go"] or (case / ".deferfix.toml").exists() \
        or any(sub.is_dir() for sub in case.iterdir()) \
        or b"example.com" in (case / "findings.txt").read_bytes()


class Batch:
    """The golden cases of one rule copied into one tree: each case a package directory of
    its own, in one module per `go` line (a solo case, see `_solo`, in its own). One deferfix
    run over the tree does what a run per case did (a rule reads its own package only;
    go/types is asked once per module instead of once per case); the results are split by
    case."""

    def __init__(self, root: Path, cases: list[Path]) -> None:
        self.root = root.resolve()
        self.targets: dict[Path, Path] = {}
        for case in cases:
            line = go_line(case)
            if _solo(case):
                self.targets[case] = _copy_case(case, self.root / "solo" / case.name)
                continue
            module = self.root / line.replace(" ", "").replace(".", "_")
            if not module.is_dir():
                module.mkdir(parents=True)
                (module / "go.mod").write_text(f"module example.com/golden\n\n{line}\n")
            target = module / case.name
            target.mkdir()
            shutil.copy(case / "input.go", target / "input.go")
            for sibling in siblings(case):
                shutil.copy(sibling, target / sibling.name)
            self.targets[case] = target / "input.go"
        self._by_dir = {target.parent.relative_to(self.root).parts: case
                        for case, target in self.targets.items()}

    def case_of(self, path: str) -> Path:
        return self._by_dir[Path(path).resolve().relative_to(self.root).parts[:2]]

    def run(self, *args: str) -> tuple[int, dict, dict[Path, dict]]:
        """(exit code, whole payload, each case's share: findings, changes, rejected)."""
        code, payload = _cli(*args, str(self.root))     # the tree holds the cases only
        shares = {case: {"findings": [], "changes": [], "rejected": []} for case in self.targets}
        for key in shares[next(iter(shares))]:
            for item in payload[key]:
                path = item["finding"]["path"] if key == "rejected" else item["path"]
                shares[self.case_of(path)][key].append(item)
        return code, payload, shares


@pytest.fixture(scope="session")
def golden_runs(tmp_path_factory) -> dict[Path, dict]:
    """Every case's `check`, `apply --no-verify`, the second apply, and (where the case has
    unsafe fixes) the same with --unsafe-fixes, run one rule at a time over a Batch."""
    runs: dict[Path, dict] = {}
    for rule in sorted({case.parent.name for case in CASES}):
        cases = [case for case in CASES if case.parent.name == rule]
        safe = Batch(tmp_path_factory.mktemp(f"golden-{rule}"), cases)
        code, checked, found = safe.run("check", "--select", rule)
        assert not checked["errors"], checked["errors"]
        applied_code, applied, fixed = safe.run("apply", "--select", rule, "--no-verify")
        assert applied_code in (0, 1) and not applied["errors"], applied["errors"]
        again_code, again, refixed = safe.run("apply", "--select", rule, "--no-verify")
        assert again_code in (0, 1) and not again["errors"], again["errors"]
        for case in cases:
            runs[case] = {"code": code, "findings": found[case]["findings"],
                          "applied": fixed[case], "text": safe.targets[case].read_bytes(),
                          "again": refixed[case]}
        with_unsafe = [case for case in cases if _has_unsafe(case, fixed[case])]
        if not with_unsafe:
            continue
        unsafe = Batch(tmp_path_factory.mktemp(f"golden-{rule}-unsafe"), with_unsafe)
        applied_code, applied, fixed = unsafe.run("apply", "--select", rule, "--no-verify",
                                                  "--unsafe-fixes")
        assert applied_code in (0, 1) and not applied["errors"], applied["errors"]
        again_code, again, refixed = unsafe.run("apply", "--select", rule, "--no-verify",
                                                "--unsafe-fixes")
        assert again_code in (0, 1) and not again["errors"], again["errors"]
        for case in with_unsafe:
            runs[case].update(unsafe=fixed[case], unsafe_text=unsafe.targets[case].read_bytes(),
                              unsafe_again=refixed[case])
    return runs


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_golden(case: Path, tmp_path: Path, golden_runs) -> None:
    rule = case.parent.name
    run = golden_runs[case]
    findings = run["findings"]
    _expect(case / "findings.txt", findings_text(findings))
    if findings:
        assert run["code"] == 1     # the rule's batch: 1 with a finding in it
    else:                           # this case alone: exit 0 without one
        code, payload = _cli("check", "--select", rule, str(_copy_case(case, tmp_path / "alone")))
        assert not payload["errors"] and not payload["findings"], payload
        assert code == 0
    for finding in findings:
        assert finding["fix"]["reason"], "every finding says why its fix has its applicability"
        if rule == "defer-in-loop" and case.name.startswith("trap-"):
            assert finding["fix"]["applicability"] != "safe", "a trap got a safe fix"

    assert not run["applied"]["rejected"], f"a fix failed gofmt: {run['applied']['rejected']}"
    _expect_text(case, "want.go", run["text"])
    assert not run["again"]["changes"], "a second apply changed the file again"

    if _has_unsafe(case, run["applied"]):
        assert not run["unsafe"]["rejected"], \
            f"an unsafe fix failed gofmt: {run['unsafe']['rejected']}"
        _expect_text(case, "want-unsafe.go", run["unsafe_text"])
        assert not run["unsafe_again"]["changes"]


VETTED = [c for c in CASES if (c / "want.go").exists() or (c / "want-unsafe.go").exists()]


@pytest.fixture(scope="session")
def vetted_runs(tmp_path_factory) -> dict[Path, dict]:
    """`apply` verified as it verifies (gofmt and go vet), and with --unsafe-fixes where the
    case has want-unsafe.go, one rule at a time over a Batch."""
    runs: dict[Path, dict] = {}
    for rule in sorted({case.parent.name for case in VETTED}):
        cases = [case for case in VETTED if case.parent.name == rule]
        safe = Batch(tmp_path_factory.mktemp(f"vetted-{rule}"), cases)
        code, payload, shares = safe.run("apply", "--select", rule)
        assert code in (0, 1) and not payload["errors"], payload["errors"]
        runs.update((case, {"rejected": shares[case]["rejected"],
                            "text": safe.targets[case].read_bytes()}) for case in cases)
        with_unsafe = [case for case in cases if (case / "want-unsafe.go").exists()]
        if not with_unsafe:
            continue
        unsafe = Batch(tmp_path_factory.mktemp(f"vetted-{rule}-unsafe"), with_unsafe)
        code, payload, shares = unsafe.run("apply", "--select", rule, "--unsafe-fixes")
        assert code in (0, 1) and not payload["errors"], payload["errors"]
        for case in with_unsafe:
            runs[case].update(unsafe_rejected=shares[case]["rejected"],
                              unsafe_text=unsafe.targets[case].read_bytes())
    return runs


@pytest.mark.go
@pytest.mark.parametrize("case", VETTED, ids=_case_id)
def test_golden_fixes_pass_go_vet(case: Path, vetted_runs) -> None:
    """Verified as `apply` verifies (gofmt and go vet), the fixes are the same."""
    run = vetted_runs[case]
    assert not run["rejected"], f"a fix failed verification: {run['rejected']}"
    assert run["text"] == _expected_text(case, "want.go")
    if (case / "want-unsafe.go").exists():
        assert not run["unsafe_rejected"], \
            f"an unsafe fix failed verification: {run['unsafe_rejected']}"
        assert run["unsafe_text"] == _expected_text(case, "want-unsafe.go")


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
