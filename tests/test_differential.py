"""Differential soundness test of loopvar-capture and closure-retains against the Go toolchain.

Each case in tests/data/differential/ is a runnable program (`package main`, deterministic
output): `<case>.go`, or a directory `<case>/` of several files of one package. Its first
lines may hold a header,

    // differential: go=1.21 oracle=go1.22

`go` is the `go` directive of the module the case is fixed and run in (default 1.21);
`oracle` says what the program must print after deferfix's SAFE fixes:

- `go1.22` (default), `go1.23`: what the ORIGINAL program prints in a module of that version,
  where loop variables declared with `:=` are per-iteration: exactly what loopvar-capture's
  fix claims to give every closure;
- `same`: what the original prints in its own version (the fix changes only what a closure
  keeps alive: closure-retains; and header-assigned outer variables, which Go 1.22 leaves
  shared, when no safe fix is expected);
- `file`: the text of `<case>.out` (reasoned by hand, for header-assigned outer variables).

Every finding's line carries `// want: safe` (or unsafe, none; several separated by commas
when rules share a line), and no other line may have one: a finding that is less than
`safe` where the comment says safe is a missed fix, and one that is safe where it says
unsafe or none is a false safe fix even before the program runs.

All cases are fixed in one deferfix run, each module (one per Go version and variant) is
built once with a driver that runs one case per process, so the corpus costs a few links.
`python3 tests/test_differential.py [case…]` prints a table that also runs the --unsafe-fixes
variant (whose output may differ; its reason must say why).
"""

from __future__ import annotations

import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from differential import (build_driver, by_package, case_package, deferfix, read_header,
                          read_wants, run)

# Every test here runs the Go toolchain (`pytest --no-go` skips them).
pytestmark = pytest.mark.go

CORPUS = Path(__file__).resolve().parent / "data" / "differential"
RULES = "loopvar-capture,closure-retains"
_WANT = re.compile(rb"// want: ([a-z, =-]+?)\s*(?:\(|$)", re.M)


@dataclass
class Case:
    name: str
    files: dict[str, bytes]
    go: str = "1.21"
    oracle: str = "go1.22"
    expected: str | None = None          # oracle=file: the text of <case>.out
    wants: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    @property
    def package(self) -> str:
        return case_package(self.name)


def load_cases(names: list[str] | None = None) -> list[Case]:
    cases = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".go":
            files = {path.name: path.read_bytes()}
        elif path.is_dir():
            files = {p.name: p.read_bytes() for p in sorted(path.glob("*.go"))}
        else:
            continue
        case = Case(path.stem if path.suffix == ".go" else path.name, files)
        if names and case.name not in names:
            continue
        for name, text in files.items():
            for key, value in read_header(text, ("go", "oracle")).items():
                setattr(case, key, value)
            for number, applicabilities in read_wants(text, _WANT).items():
                case.wants[(name, number)] = applicabilities
        if case.oracle == "file":
            case.expected = (CORPUS / f"{case.name}.out").read_text()
        cases.append(case)
    return cases


def _write_module(root: Path, module: str, version: str, cases: list[Case]) -> None:
    root.mkdir(parents=True)
    (root / "go.mod").write_text(f"module {module}\n\ngo {version}\n")
    for case in cases:
        (root / case.package).mkdir()
        for name, data in case.files.items():
            (root / case.package / name).write_bytes(data)


def _build(root: Path) -> Path:
    """One driver for the module: every case package, by its name."""
    return build_driver(root, [(p.name, p.name) for p in sorted(root.iterdir()) if p.is_dir()])


@dataclass
class Outcome:
    case: Case
    findings: list[dict]
    oracle: str
    fixed: str
    unsafe: str | None = None
    rejected: list[str] = field(default_factory=list)   # fixes that failed verification


def run_corpus(cases: list[Case], work: Path, unsafe: bool = False) -> list[Outcome]:
    """Fix every case (one deferfix run per variant), build each module once, run each case."""
    variants = ["fixed"] + (["unsafe"] if unsafe else [])
    modules: dict[str, tuple[str, list[Case]]] = {}

    def add(kind: str, version: str, case: Case) -> None:
        key = f"{kind}{version.replace('.', '')}"
        modules.setdefault(key, (version, []))[1].append(case)

    for case in cases:
        for variant in variants:
            add(variant, case.go, case)
        if case.oracle.startswith("go"):
            add("orig", case.oracle[2:], case)
        elif case.oracle == "same":
            add("orig", case.go, case)
    for key, (version, members) in modules.items():
        _write_module(work / key, key, version, members)

    fixed_roots = [work / k for k in modules if k.startswith("fixed")]
    payload = deferfix("apply", RULES, fixed_roots)
    if unsafe:
        deferfix("apply", RULES, [work / k for k in modules if k.startswith("unsafe")],
                 "--unsafe-fixes")
    findings, rejected = by_package(payload)

    with ThreadPoolExecutor(max_workers=2) as pool:
        binaries = dict(zip(modules, pool.map(_build, [work / k for k in modules])))

    def version_of(kind: str, version: str) -> str:
        return binaries[f"{kind}{version.replace('.', '')}"]

    outcomes = []
    for case in cases:
        fixed = run(version_of("fixed", case.go), case.package)
        if case.oracle == "file":
            oracle = case.expected
        else:
            version = case.oracle[2:] if case.oracle.startswith("go") else case.go
            oracle = run(version_of("orig", version), case.package)
        outcome = Outcome(case, findings.get(case.package, []), oracle, fixed,
                          rejected=rejected.get(case.package, []))
        if unsafe:
            outcome.unsafe = run(version_of("unsafe", case.go), case.package)
        outcomes.append(outcome)
    return outcomes


def found_wants(outcome: Outcome) -> dict[tuple[str, int], list[str]]:
    found: dict[tuple[str, int], list[str]] = {}
    for finding in outcome.findings:
        fix = finding["fix"]["applicability"] if finding["fix"] else "none"
        found.setdefault((Path(finding["path"]).name, finding["line"]), []).append(fix)
    return {k: sorted(v) for k, v in found.items()}


def _problems(outcome: Outcome) -> list[str]:
    case = outcome.case
    problems = [f"a fix failed verification: {r}" for r in outcome.rejected]
    found = found_wants(outcome)
    fixes = [w for ws in found.values() for w in ws]
    if all(fix == "safe" for fix in fixes) and outcome.fixed != outcome.oracle:
        # Every finding was fixed (or there was none): nothing of the defect is left.
        problems.append(f"output after the safe fixes differs from the oracle "
                        f"({case.oracle}):\n  oracle: {outcome.oracle!r}\n"
                        f"  fixed:  {outcome.fixed!r}")
    if "trap" in case.name and "unsafe" in fixes and outcome.unsafe is not None \
            and outcome.unsafe == outcome.oracle:
        problems.append("a trap whose unsafe fix gives the oracle's output: the case does "
                        "not show why the fix is unsafe")
    for key in sorted(set(found) | set(case.wants)):
        if found.get(key) != case.wants.get(key):
            messages = [f"{f['line']}: [{f['fix']['applicability'] if f['fix'] else 'none'}] "
                        f"{f['message']} -- {f['fix'] and f['fix'].get('reason')}"
                        for f in outcome.findings
                        if (Path(f["path"]).name, f["line"]) == key]
            problems.append(f"{key[0]}:{key[1]}: want {case.wants.get(key)}, found "
                            f"{found.get(key)} {messages}")
    return problems


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    return run_corpus(load_cases(), tmp_path_factory.mktemp("differential"), unsafe=True)


def test_corpus_is_large_and_annotated() -> None:
    cases = load_cases()
    assert len(cases) >= 100
    assert all(case.wants or case.name.startswith("negative") for case in cases), \
        [c.name for c in cases if not c.wants and not c.name.startswith("negative")]
    # One driver runs every case: an init function would print in all of them.
    assert not [c.name for c in cases for text in c.files.values() if b"func init(" in text]


def test_safe_fixes_match_the_oracle_and_the_annotations(outcomes: list[Outcome]) -> None:
    failures = [f"{o.case.name}: {p}" for o in outcomes for p in _problems(o)]
    assert not failures, "\n".join(failures)
    safe = sum(w == "safe" for o in outcomes for ws in found_wants(o).values() for w in ws)
    assert safe >= 40  # the corpus exercises the safe fixes, not only the refusals


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for result in run_corpus(load_cases(sys.argv[1:] or None), Path(tmp), unsafe=True):
            mark = "FAIL" if _problems(result) else "ok  "
            differs = "" if result.unsafe == result.oracle else "  (unsafe fix differs)"
            print(f"{mark} {result.case.name}: {found_wants(result)}{differs}")
            for problem in _problems(result):
                print("     " + problem.replace("\n", "\n     "))
            if result.unsafe != result.oracle:
                print(f"     oracle {result.oracle!r}\n     unsafe {result.unsafe!r}")
                for f in result.findings:
                    if f["fix"] and f["fix"]["applicability"] == "unsafe":
                        print(f"     {f['line']}: {f['fix']['reason']}")
