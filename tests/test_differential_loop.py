"""Differential soundness test of defer-in-loop: runnable programs with instrumented resources.

Each case in tests/data/differential_loop/ is a runnable program (`package main`,
deterministic output), `<case>.go`, to which tests/data/differential_loop/_prelude/res.go
is added: `acquire(name)` opens a counted resource, `r.Use(…)` prints a line (and "USE AFTER
CLOSE" when the resource is closed), `r.Close()` prints "close name" ("DOUBLE CLOSE" the
second time), `Lock` is a named sync.Mutex (`Held()` says whether it is taken), `PanicLock`, used through
a sync.Locker, reports a deadlock instead of hanging, and `tick(id)` at the top of a
loop body prints "#LEAK id: name" for a resource of an earlier iteration of that loop that is
still open. The first lines may hold a header,

    // differential: go=1.21 leaks=outer,keep oracle=file

`go` is the module's `go` directive (default 1.23); `leaks` names loops whose resources may
still pile up after the safe fixes although every finding is safe (kept on purpose);
`oracle=file` means the fixed program must print `<case>.out` (when the original misbehaves:
a deadlock). A deferred call that reports its release prints a line starting with "close ".

After deferfix's SAFE fixes:
(a) the lines that are not bookkeeping ("close …", "#…") are the original's, in order;
(b) no "USE AFTER CLOSE", "DOUBLE CLOSE", "UNLOCK OF UNLOCKED" or "unlock of unlocked mutex" appears that the original
    did not print;
(c) results, panics and recovered values are the same: the programs print them, and an
    unrecovered panic ends the output with "[exit N: first line of stderr]";
(d) when every finding is safe, no loop outside `leaks` prints "#LEAK".
Every finding's line carries `// want: safe` (or unsafe, none) and no other line has one: a
weaker fix than the comment is a missed fix, a stronger one a false safe fix.

All cases are fixed in one deferfix run; each module (original, fixed, unsafe-fixed, per Go
version) is built once with a driver that runs one case per process.
`python3 tests/test_differential_loop.py [case…]` prints a table that also shows what the
--unsafe-fixes variant prints (it may differ; its reason must say why).
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

CORPUS = Path(__file__).resolve().parent / "data" / "differential_loop"
PRELUDE = CORPUS / "_prelude" / "res.go"
RULE = "defer-in-loop"
_WANT = re.compile(rb"// want: ([a-z, ]+?)\s*(?:\(|$)", re.M)
_ALARMS = ("USE AFTER CLOSE", "DOUBLE CLOSE", "UNLOCK OF UNLOCKED", "unlock of unlocked mutex")


@dataclass
class Case:
    name: str
    source: bytes
    go: str = "1.23"
    leaks: str = ""
    oracle: str = "same"
    wants: dict[int, list[str]] = field(default_factory=dict)

    @property
    def package(self) -> str:
        return case_package(self.name)


def load_cases(names: list[str] | None = None) -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.go")):
        case = Case(path.stem, path.read_bytes())
        if names and case.name not in names:
            continue
        for key, value in read_header(case.source, ("go", "leaks", "oracle")).items():
            setattr(case, key, value)
        case.wants = read_wants(case.source, _WANT)
        cases.append(case)
    return cases


def _write_module(root: Path, version: str, cases: list[Case]) -> None:
    root.mkdir(parents=True)
    (root / "go.mod").write_text(f"module {root.name}\n\ngo {version}\n")
    for case in cases:
        (root / case.package).mkdir()
        (root / case.package / "main.go").write_bytes(case.source)
        (root / case.package / "res.go").write_bytes(PRELUDE.read_bytes())


def visible(output: str) -> list[str]:
    """The lines the oracle compares: everything but closes and bookkeeping."""
    return [line for line in output.splitlines()
            if not line.startswith(("close ", "#"))]


@dataclass
class Outcome:
    case: Case
    findings: list[dict]
    original: str
    fixed: str
    unsafe: str | None = None
    rejected: list[str] = field(default_factory=list)


def run_corpus(cases: list[Case], work: Path, unsafe: bool = False) -> list[Outcome]:
    kinds = ["orig", "fixed"] + (["unsafe"] if unsafe else [])
    versions = sorted({c.go for c in cases})
    roots = {}
    for kind in kinds:
        for version in versions:
            root = work / f"{kind}{version.replace('.', '')}"
            _write_module(root, version, [c for c in cases if c.go == version])
            roots[(kind, version)] = root
    payload = deferfix("apply", RULE, [r for (k, _), r in roots.items() if k == "fixed"])
    if unsafe:
        deferfix("apply", RULE, [r for (k, _), r in roots.items() if k == "unsafe"],
                 "--unsafe-fixes")
    findings, rejected = by_package(payload)

    def build(root: Path) -> Path:
        return build_driver(root, [(c.package, c.package) for c in cases
                                   if (root / c.package).is_dir()])

    with ThreadPoolExecutor(max_workers=2) as pool:
        binaries = dict(zip(roots, pool.map(build, roots.values())))
    outcomes = []
    for case in cases:
        outcome = Outcome(case, [f for f in findings.get(case.package, [])
                                 if f["path"].endswith("main.go")],
                          run(binaries[("orig", case.go)], case.package),
                          run(binaries[("fixed", case.go)], case.package),
                          rejected=rejected.get(case.package, []))
        if unsafe:
            outcome.unsafe = run(binaries[("unsafe", case.go)], case.package)
        outcomes.append(outcome)
    return outcomes


def found_wants(outcome: Outcome) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for finding in outcome.findings:
        fix = finding["fix"]["applicability"] if finding["fix"] else "none"
        found.setdefault(finding["line"], []).append(fix)
    return {k: sorted(v) for k, v in found.items()}


def problems(outcome: Outcome) -> list[str]:
    case = outcome.case
    found = [f"a fix failed verification: {r}" for r in outcome.rejected]
    expected = visible((CORPUS / f"{case.name}.out").read_text()) if case.oracle == "file" \
        else visible(outcome.original)
    if visible(outcome.fixed) != expected:
        found.append(f"(a/c) output after the safe fixes differs:\n  want:  {expected!r}\n"
                     f"  fixed: {visible(outcome.fixed)!r}")
    for alarm in _ALARMS:
        if outcome.fixed.count(alarm) > outcome.original.count(alarm):
            found.append(f"(b) the safe fixes introduce {alarm}")
    got = found_wants(outcome)
    allowed = set(filter(None, case.leaks.split(",")))
    if all(fix == "safe" for fixes in got.values() for fix in fixes):
        for loop in sorted(set(re.findall(r"^#LEAK ([^:]+):", outcome.fixed, re.M)) - allowed):
            found.append(f"(d) resources of loop {loop} still pile up after the safe fixes")
    for line in sorted(set(got) | set(case.wants)):
        if got.get(line) != case.wants.get(line):
            messages = [f"[{f['fix']['applicability'] if f['fix'] else 'none'}] "
                        f"{f['fix'] and f['fix'].get('reason')}"
                        for f in outcome.findings if f["line"] == line]
            found.append(f"line {line}: want {case.wants.get(line)}, found {got.get(line)} "
                         f"{messages}")
    return found


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    return run_corpus(load_cases(), tmp_path_factory.mktemp("differential_loop"))


def test_differential_loop_corpus_is_annotated() -> None:
    cases = load_cases()
    assert len(cases) >= 90
    assert all(case.wants or case.name.startswith("negative") for case in cases), \
        [c.name for c in cases if not c.wants and not c.name.startswith("negative")]
    # One driver imports every case: an init would print in every other case's run.
    assert not [c.name for c in cases if re.search(rb"^func init\(", c.source, re.M)]


def test_differential_loop_safe_fixes_change_only_the_defect(outcomes: list[Outcome]) -> None:
    failures = [f"{o.case.name}: {p}" for o in outcomes for p in problems(o)]
    assert not failures, "\n".join(failures)
    safe = sum(w == "safe" for o in outcomes for ws in found_wants(o).values() for w in ws)
    assert safe >= 40  # the corpus exercises the safe fixes, not only the refusals
    # The original programs show the defect: resources pile up in at least most cases.
    assert sum("#LEAK" in o.original for o in outcomes) >= len(outcomes) // 2


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for result in run_corpus(load_cases(sys.argv[1:] or None), Path(tmp), unsafe=True):
            mark = "FAIL" if problems(result) else "ok  "
            differs = "" if visible(result.unsafe) == visible(result.original) \
                else "  (unsafe fix differs)"
            print(f"{mark} {result.case.name}: {found_wants(result)}{differs}")
            for problem in problems(result):
                print("     " + problem.replace("\n", "\n     "))
            for f in result.findings:
                if f["fix"] and f["fix"]["applicability"] != "safe":
                    print(f"     {f['line']}: [{f['fix']['applicability']}] {f['fix']['reason']}")
            if visible(result.unsafe) != visible(result.original):
                print(f"     original {visible(result.original)!r}\n"
                      f"     unsafe   {visible(result.unsafe)!r}")
