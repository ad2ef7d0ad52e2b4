"""Differential soundness test of defer-before-check, eager-defer-arg, deferred-lock,
defer-lost-write and recover-misuse against the Go toolchain.

Each case in tests/data/differential_rules/ is a runnable program, `<case>.go` (`package
main`, deterministic output). Its first lines may hold a header,

    // differential: prelude=eda oracle=at-exit unsafe=changes

`prelude=NAME` adds prelude/NAME.go (helpers the cases of a family share) to the package.
`oracle` says what the program must print after deferfix's SAFE fixes:

- `same` (default): what the original prints. For traps (no safe fix may be made), negatives
  and the two rules whose fixes are never safe (defer-lost-write, recover-misuse).
- `at-exit`: eager-defer-arg. The program reports a duration through `elapsed(d)`, which prints
  `elapsed=short` or `elapsed=long` (the function sleeps past the threshold after its defer);
  after the fix the duration is taken at exit, so the oracle is the original's output with
  `elapsed=short` turned into `elapsed=long`, every other printed argument identical.
- `file`: the text of `<case>.out`, reasoned by hand (defer-before-check: the nil-receiver
  panic at the defer gives way to the error being returned; deferred-lock: the deadlock or
  fatal error goes away).

`unsafe` checks what `--unsafe-fixes` does, against the defect-free reference (the
`at-exit` oracle for eager-defer-arg cases, else the original's output): `changes` means the
unsafe fix must change the output beyond removing the defect (the trap is real: the reason
that made the fix unsafe shows up at run time), `keeps` that it must not, `file` that it
prints `<case>.unsafe.out`.

Every finding's line carries `// want: safe` (or unsafe, none; several separated by commas
when findings share a line), and no other line may have one: a finding that is less than
safe where the comment says safe is a missed fix, one that is safe where it says unsafe or
none is a false safe fix even before the program runs.

A seeded batch of generated eager-defer-arg, deferred-lock and defer-before-check programs
(see "random programs" below) runs with the corpus. All cases live in one module (a
directory per program and variant: original, fixed, unsafe-fixed), fixed by two deferfix
runs, built by one `go build` of a driver that runs one case per process. `python3
tests/test_differential_rules.py [case…]` prints a table; `--random N SEED` runs N more
generated programs per rule.
"""

from __future__ import annotations

import random
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

CORPUS = Path(__file__).resolve().parent / "data" / "differential_rules"
RULES = "defer-before-check,eager-defer-arg,deferred-lock,defer-lost-write,recover-misuse"
NEVER_SAFE = ("defer-lost-write", "recover-misuse")
VARIANTS = ("orig", "fixed", "unsafe")
_WANT = re.compile(rb"// want: ([a-z, ]+?)\s*(?:\(|$)", re.M)
_TIMEOUT = 20


@dataclass
class Case:
    name: str
    source: bytes
    prelude: str = ""
    oracle: str = "same"
    unsafe: str = ""
    expected: str | None = None         # oracle=file
    expected_unsafe: str | None = None  # unsafe=file
    wants: dict[int, list[str]] = field(default_factory=dict)

    @property
    def package(self) -> str:
        return case_package(self.name)


def load_cases(names: list[str] | None = None) -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.go")):
        if names and path.stem not in names:
            continue
        case = Case(path.stem, path.read_bytes())
        for key, value in read_header(case.source, ("prelude", "oracle", "unsafe")).items():
            setattr(case, key, value)
        assert case.oracle in ("same", "at-exit", "file"), path.name
        assert case.unsafe in ("", "changes", "keeps", "file"), path.name
        case.wants = read_wants(case.source, _WANT)
        if case.oracle == "file":
            case.expected = path.with_suffix(".out").read_text()
        if case.unsafe == "file":
            case.expected_unsafe = path.with_suffix(".unsafe.out").read_text()
        cases.append(case)
    return cases


@dataclass
class Outcome:
    case: Case
    findings: list[dict]
    orig: str
    fixed: str
    unsafe: str
    rejected: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        """The original's output with only the defect removed, where that is mechanical."""
        if self.case.oracle == "at-exit" or self.case.name.startswith("eda_"):
            return self.orig.replace("elapsed=short", "elapsed=long")
        return self.orig

    @property
    def oracle(self) -> str:
        if self.case.oracle == "file":
            return self.case.expected or ""
        if self.case.oracle == "at-exit":
            return self.reference
        return self.orig


def run_corpus(cases: list[Case], work: Path) -> list[Outcome]:
    root = work / "m"
    root.mkdir(parents=True)
    (root / "go.mod").write_text("module m\n\ngo 1.22\n")
    for variant in VARIANTS:
        for case in cases:
            (root / variant / case.package).mkdir(parents=True)
            (root / variant / case.package / "main.go").write_bytes(case.source)
            if case.prelude:
                (root / variant / case.package / "prelude.go").write_bytes(
                    (CORPUS / "prelude" / f"{case.prelude}.go").read_bytes())
    findings, rejected = by_package(deferfix("apply", RULES, [root / "fixed"]),
                                    deferfix("apply", RULES, [root / "unsafe"],
                                             "--unsafe-fixes"))
    keys = [f"{v}/{c.package}" for c in cases for v in VARIANTS]
    binary = build_driver(root, [(key, key) for key in keys])
    with ThreadPoolExecutor(max_workers=4) as pool:
        outputs = dict(zip(keys, pool.map(lambda key: run(binary, key, _TIMEOUT), keys)))
    return [Outcome(case, findings.get(case.package, []),
                    *(outputs[f"{v}/{case.package}"] for v in VARIANTS),
                    rejected=rejected.get(case.package, [])) for case in cases]


def found_wants(outcome: Outcome) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for finding in outcome.findings:
        fix = finding["fix"]["applicability"] if finding["fix"] else "none"
        line = finding["line"] if Path(finding["path"]).name == "main.go" else -finding["line"]
        found.setdefault(line, []).append(fix)  # negative: a line of the prelude
    return {k: sorted(v) for k, v in found.items()}


def problems(outcome: Outcome) -> list[str]:
    case = outcome.case
    result = [f"a fix failed verification: {r}" for r in outcome.rejected]
    if outcome.fixed != outcome.oracle:
        result.append(f"output after the safe fixes differs from the oracle ({case.oracle}):"
                      f"\n  oracle: {outcome.oracle!r}\n  fixed:  {outcome.fixed!r}")
    if case.unsafe == "changes" and outcome.unsafe == outcome.reference:
        result.append(f"the unsafe fix changes nothing but the defect, so the case does not "
                      f"show why it is unsafe: {outcome.unsafe!r}")
    if case.unsafe == "keeps" and outcome.unsafe != outcome.reference:
        result.append(f"the unsafe fix changes more than the defect:\n  reference: "
                      f"{outcome.reference!r}\n  unsafe:    {outcome.unsafe!r}")
    if case.unsafe == "file" and outcome.unsafe != case.expected_unsafe:
        result.append(f"the unsafe fix prints {outcome.unsafe!r}, not "
                      f"{case.expected_unsafe!r}")
    for finding in outcome.findings:
        if finding["rule"] in NEVER_SAFE and finding["fix"] \
                and finding["fix"]["applicability"] == "safe":
            result.append(f"line {finding['line']}: {finding['rule']} made a safe fix")
    found = found_wants(outcome)
    for line in sorted(set(found) | set(case.wants)):
        if found.get(line) != case.wants.get(line):
            messages = [f"[{f['fix']['applicability'] if f['fix'] else 'none'}] {f['rule']}: "
                        f"{f['message']} -- {f['fix'] and f['fix'].get('reason')}"
                        for f in outcome.findings if f["line"] == line]
            result.append(f"line {line}: want {case.wants.get(line)}, found {found.get(line)} "
                          f"{messages}")
    return result


# --- random programs -------------------------------------------------------------------------
# Generated eager-defer-arg, deferred-lock and defer-before-check programs whose every finding
# line claims `safe`: only a fix that is safe must hold the oracle. For eager-defer-arg the
# oracle is `at-exit`; for deferred-lock the fixed program must print what the original
# printed, or, when the original died (a deadlock), at least what it printed before, without
# a fatal unlock; for defer-before-check (a Close that says when it runs on nil) what the
# original printed without those lines.
# A seeded batch runs in the test; `python3 tests/test_differential_rules.py --random N SEED`
# runs more.

_EAGER_DECLS = """	n := 1
	s := "a"
	st := pt{1, 2}
	arr := [2]int{1, 2}
	sl := []int{1, 2}
	m := map[string]int{"a": 1}
	p := &pt{1, 2}
	bs := []byte("ab")
	ch := make(chan int, 4)
	var iface any = 1
	var jface any = 1
	f := 1.5
	_, _, _, _, _, _, _, _, _, _, _, _ = n, s, st, arr, sl, m, p, bs, ch, iface, jface, f
"""
_EAGER_HELPERS = """
type pt struct{ x, y int }

func (q *pt) inc() { q.x++ }

func setInt(q *int) { *q = 42 }

func fill(xs []int) {
	for i := range xs {
		xs[i] = 7
	}
}

func fillMap(mm map[string]int) { mm["z"] = 26 }

func fillBytes(b []byte) { copy(b, "FB") }

func incAll(a *[2]int) { a[0]++ }
"""
# Arguments of the deferred call, statements before the defer, and statements that may
# change what an argument reads (also run before the defer in the loop and goto shapes).
_EAGER_ARGS = [
    "n", "s", "st", "st.x", "arr", "arr[0]", "sl", "len(sl)", "sl[0]", "m", "len(m)", "p",
    "p.x", "*p", "string(bs)", "len(ch)", "iface", "n+1", 's+"!"', "n/2", "10/n", "f*2",
    "st == pt{1, 2}", "iface == jface", "iface == 1", "len(s)", "cap(sl)", "bs", "[]int{n}",
    "pt{x: n}", "-n", "n > 0", "min(n, 3)", "int64(n)", "float64(n)", "string(rune(n+64))",
    "len(arr)", "arr == [2]int{1, 2}", "p == nil", "len(string(bs))"]
_EAGER_PRE = ["q := &n; _ = q", "g := st.inc; _ = g", "h := func() { n = 7 }; _ = h",
              "alias := sl; _ = alias", "ps := &st; _ = ps", "sa := arr[:]; _ = sa"]
_EAGER_CHANGES = [
    "n = 5", "n++", 's += "b"', "st.x = 9", "st.inc()", "arr[0] = 9", "sl[0] = 9",
    "sl = append(sl, 3)", 'm["b"] = 2', 'delete(m, "a")', "p.x = 9", "*p = pt{7, 7}",
    "p = &pt{8, 8}", 'copy(bs, "zz")', "ch <- 1", 'iface = "x"', "setInt(&n)",
    "func() { n = 7 }()", "g2 := st.inc\n\tg2()", "fill(sl)", "fillMap(m)", "clear(m)",
    "jface = []int{1}\n\tiface = []int{1}", "arr = [2]int{5, 5}", "st = pt{3, 3}",
    "bs[0] = 'q'", "fillBytes(bs)", "p.inc()", "(&st).inc()", "n = 0", "incAll(&arr)",
    "for i := range arr {\n\t\tarr[i] = i + 5\n\t}"]


def _lines(statements: list[str]) -> str:
    return "".join(f"\t{x}\n" for x in statements)


def eager_program(rng: random.Random) -> str:
    pre = rng.sample(_EAGER_PRE, rng.randint(0, 2))
    args = rng.sample(_EAGER_ARGS, rng.randint(1, 3))
    after = rng.sample(_EAGER_CHANGES, rng.randint(0, 3))
    defer = f"\tdefer report(time.Since(start), {', '.join(args)}) // want: safe\n"
    body = "\tstart := time.Now()\n" + _EAGER_DECLS + _lines(pre)
    shape = rng.choice(["plain", "plain", "loop", "goto", "branch"])
    if shape == "plain":
        body += defer + _lines(after)
    elif shape == "loop":
        before = _lines(rng.sample(_EAGER_CHANGES, rng.randint(0, 2)))
        body += f"\tfor k := 0; k < 2; k++ {{\n{before}{defer}{_lines(after)}\t_ = k\n\t}}\n"
    elif shape == "goto":
        before = _lines(rng.sample(_EAGER_CHANGES, rng.randint(1, 2)))
        body += f"\tpass := 0\nagain:\n\tpass++\n{before}{defer}{_lines(after)}"
        body += "\tif pass < 2 {\n\t\tgoto again\n\t}\n"
    else:
        body += f"{defer}\tif len(s) > 0 {{\n{_lines(after)}\t}} else {{\n\t\treturn\n\t}}\n"
    return ("package main\n\nimport \"time\"\n" + _EAGER_HELPERS + "\nfunc run() {\n" + body
            + "\tpause()\n}\n\nfunc main() {\n\tdefer func() { _ = recover() }()\n\trun()\n}\n")


_LOCK_HEAD = """package main

import (
	"fmt"
	"sync"
)

type inner struct{ mu sync.RWMutex }

type store struct {
	sync.RWMutex
	mu    sync.RWMutex
	other sync.RWMutex
	in    inner
	ptr   *sync.RWMutex
	arr   [3]sync.RWMutex
}

var global sync.RWMutex
var gp = &global

func (s *store) release()      { s.mu.UNLOCK() }
func (s *store) finish()       { s.release() }
func (s *store) touch()        { s.other.Lock(); s.other.Unlock() }
func unlockIt(m *sync.RWMutex) { m.UNLOCK() }
func releaseGlobal()           { global.UNLOCK() }
func noop(m *sync.RWMutex)     {}
func swap(s *store)            { s.ptr = &s.other }
func (s *store) repoint()      { s.ptr = &s.other }
"""
# Receivers of `x.LOCK(); defer x.LOCK()`, each with statements that release the same lock
# through another path, and statements that touch other locks or re-point paths.
_LOCK_RECEIVERS = {
    "s.mu": ["s.mu.UNLOCK()", "s.release()", "s.finish()", "unlockIt(&s.mu)",
             "p := &s.mu\n\tp.UNLOCK()", "u := s.mu.UNLOCK\n\tu()",
             "func() { s.mu.UNLOCK() }()"],
    "s": ["s.RWMutex.UNLOCK()", "s.UNLOCK()", "unlockIt(&s.RWMutex)"],
    "s.in.mu": ["s.in.mu.UNLOCK()", "unlockIt(&s.in.mu)", "q := &s.in\n\tq.mu.UNLOCK()"],
    "global": ["global.UNLOCK()", "releaseGlobal()", "gp.UNLOCK()", "unlockIt(&global)"],
    "s.ptr": ["s.ptr.UNLOCK()", "unlockIt(s.ptr)", "m := s.ptr\n\tm.UNLOCK()"],
    "s.arr[i]": ["s.arr[i].UNLOCK()", "s.arr[0].UNLOCK()", "unlockIt(&s.arr[i])",
                 "a := &s.arr\n\ta[0].UNLOCK()"],
}
_LOCK_OTHERS = ["s.touch()", "s.other.Lock()\n\ts.other.Unlock()", "noop(&s.other)",
                'fmt.Println("work")', "i++", "s.ptr = &s.other", "gp = &s.other", "swap(s)",
                "s.repoint()", "s = &store{}", "t := s\n\tt.ptr = &t.other"]


def lock_program(rng: random.Random) -> str:
    receiver = rng.choice(list(_LOCK_RECEIVERS))
    lock = rng.choice(["Lock", "RLock"])
    statements = rng.sample(_LOCK_OTHERS, rng.randint(0, 2))
    if rng.random() < 0.6:
        statements.insert(rng.randint(0, len(statements)),
                          rng.choice(_LOCK_RECEIVERS[receiver]))
    pre = ""
    if rng.random() < 0.2:  # a closure defined before the lock that releases it
        pre = "\trel := func() { " + _LOCK_RECEIVERS[receiver][0] + " }\n"
        statements.append("rel()")
    defer = f"defer func() {{ {receiver}.{lock}() }}()" if rng.random() < 0.5 \
        else f"defer {receiver}.{lock}()"
    body = ("\ts := &store{}\n\ts.ptr = &s.mu\n\ti := 0\n\t_ = i\n" + pre
            + f"\t{receiver}.{lock}()\n\t{defer} // want: safe\n" + _lines(statements)
            + '\tfmt.Println("returning")\n')
    program = _LOCK_HEAD + "\nfunc run() {\n" + body + "}\n\nfunc main() {\n\trun()\n" \
        "\tfmt.Println(\"done\")\n}\n"
    return program.replace("UNLOCK", {"Lock": "Unlock", "RLock": "RUnlock"}[lock])


_CHECK_HEAD = """package main

import (
	"errors"
	"fmt"
)

type conn struct{ name string }

// Close says when it runs on nil: the defect, which the fixed program must not show.
func (c *conn) Close() {
	if c == nil {
		fmt.Println("close <nil>")
		return
	}
	fmt.Println("close", c.name)
}

func dial(name string) (*conn, error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return &conn{name: name}, nil
}
"""
# Bodies of `if err != nil { … }`: some always leave, some may fall through; LEAVE marks
# where the shape's own way out (return, continue, break) goes.
_CHECK_BODIES = [
    "LEAVE", "panic(err)", 'fmt.Println("failed:", err)\n\tLEAVE', 'fmt.Println("logged")',
    "if flag {\n\t\tLEAVE\n\t}", "if flag {\n\t\tLEAVE\n\t} else {\n\t\tpanic(err)\n\t}",
    "for {\n\t\tLEAVE\n\t}", "for i := 0; i < 1; i++ {\n\t\tLEAVE\n\t}",
    "switch {\n\tcase flag:\n\t\tLEAVE\n\tdefault:\n\t\tpanic(err)\n\t}",
    "switch {\n\tcase flag:\n\t\tLEAVE\n\t}", "func() { panic(err) }()",
    "goto failed", "fakePanic(err)", "L:\n\tfor {\n\t\tbreak L\n\t}",
    "func() {\n\t\tdefer func() { recover() }()\n\t\tpanic(err)\n\t}()"]
_CHECK_BETWEEN = ['fmt.Println("between")', "other := c\n\t_ = other",
                  'defer fmt.Println("also deferred")']


def check_program(rng: random.Random) -> str:
    body = rng.choice(_CHECK_BODIES)
    shape = rng.choice(["function", "loop", "switch"])
    between = _lines(rng.sample(_CHECK_BETWEEN, 1)) if rng.random() < 0.2 else ""
    leave = {"function": "return err", "loop": rng.choice(["continue", "break"]),
             "switch": "return err"}[shape]
    check = (f"\tc, err := dial(name)\n\tdefer c.Close() // want: safe\n{between}"
             f"\tif err != nil {{\n\t{body.replace('LEAVE', leave)}\n\t}}\n"
             '\tfmt.Println("using", c.name)\n')
    if shape == "loop":
        check = "\tfor _, name := range []string{name, \"x\"} {\n" + check + "\t}\n"
    elif shape == "switch":
        check = "\tswitch len(name) {\n\tcase 0, 2:\n" + check + "\t}\n"
    fn = ("\nfunc use(name string, flag bool) (err error) {\n\tfakePanic := func(error) {}\n"
          "\t_ = fakePanic\n" + check + "\treturn nil\n")
    if "goto failed" in check:
        fn += "failed:\n\tfmt.Println(\"failed at the end\")\n\treturn err\n"
    return (_CHECK_HEAD + fn + "}\n\nfunc main() {\n"
            "\tfor _, name := range []string{\"db\", \"\"} {\n"
            "\t\tfor _, flag := range []bool{true, false} {\n\t\t\tfunc() {\n"
            "\t\t\t\tdefer func() { fmt.Println(\"recovered:\", recover()) }()\n"
            "\t\t\t\tfmt.Println(name, flag, use(name, flag))\n\t\t\t}()\n\t\t}\n\t}\n}\n")


def random_cases(count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        cases.append(Case(f"rnd_eager_{seed}_{index}", eager_program(rng).encode(),
                          prelude="eda", oracle="at-exit"))
        cases.append(Case(f"rnd_lock_{seed}_{index}", lock_program(rng).encode()))
        cases.append(Case(f"rnd_check_{seed}_{index}", check_program(rng).encode()))
    return cases


def random_problems(outcome: Outcome) -> list[str]:
    """Only the safe fixes are judged: a generated line claims `safe` whatever it holds."""
    result = [f"a fix failed verification: {r}" for r in outcome.rejected]
    if "safe" not in [f["fix"]["applicability"] if f["fix"] else "none"
                      for f in outcome.findings]:
        return result
    if outcome.case.oracle == "at-exit":
        held = outcome.fixed == outcome.reference
    elif outcome.case.name.startswith("rnd_check_"):
        # Only the deferred call on nil goes away.
        held = outcome.fixed == outcome.orig.replace("close <nil>\n", "")
    else:
        before = outcome.orig.split("[exit")[0]
        held = outcome.fixed == outcome.orig or "[exit" in outcome.orig \
            and outcome.fixed.startswith(before) and "unlock of unlocked" not in outcome.fixed
    if not held:
        body = outcome.case.source.decode().split("func run() {")[1].split("\n}\n")[0]
        result.append(f"false safe fix:{body}\n  oracle: {outcome.reference!r}\n"
                      f"  fixed:  {outcome.fixed!r}")
    return result


RANDOM_PER_RULE = 40


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    """The corpus and a seeded batch of random programs, in one module and one build."""
    return run_corpus(load_cases() + random_cases(RANDOM_PER_RULE, seed=1),
                      tmp_path_factory.mktemp("differential_rules"))


@pytest.fixture(scope="module")
def outcomes(everything: list[Outcome]) -> list[Outcome]:
    return [o for o in everything if not o.case.name.startswith("rnd_")]


def test_corpus_covers_every_rule() -> None:
    cases = load_cases()
    assert len(cases) >= 60
    for prefix in ("dbc_", "eda_", "dl_", "dlw_", "rm_"):
        assert sum(c.name.startswith(prefix) for c in cases) >= 5, prefix
    unannotated = [c.name for c in cases if not c.wants and "negative" not in c.name]
    assert not unannotated, unannotated


def test_differential_rules(outcomes: list[Outcome]) -> None:
    failures = [f"{o.case.name}: {p}" for o in outcomes for p in problems(o)]
    assert not failures, "\n".join(failures)
    safe = sum(w == "safe" for o in outcomes for ws in found_wants(o).values() for w in ws)
    assert safe >= 15  # the corpus exercises the safe fixes, not only the refusals


def test_random_programs(everything: list[Outcome]) -> None:
    generated = [o for o in everything if o.case.name.startswith("rnd_")]
    failures = [f"{o.case.name}: {p}" for o in generated for p in random_problems(o)]
    assert not failures, "\n".join(failures)
    safe = sum(any(f["fix"] and f["fix"]["applicability"] == "safe" for f in o.findings)
               for o in generated)
    assert safe >= RANDOM_PER_RULE // 2  # the batch reaches the safe fixes


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:2] == ["--random"]:
        count, seed = int(sys.argv[2]), int(sys.argv[3])
        with tempfile.TemporaryDirectory() as tmp:
            runs = run_corpus(random_cases(count, seed), Path(tmp))
        bad = [(o, p) for o in runs for p in random_problems(o)]
        for outcome, problem in bad:
            print(f"FAIL {outcome.case.name}: {problem}")
        safe = sum(any(f["fix"] and f["fix"]["applicability"] == "safe" for f in o.findings)
                   for o in runs)
        print(f"{len(runs)} programs, {safe} with a safe fix, {len(bad)} problems")
        sys.exit(1 if bad else 0)
    with tempfile.TemporaryDirectory() as tmp:
        for result in run_corpus(load_cases(sys.argv[1:] or None), Path(tmp)):
            mark = "FAIL" if problems(result) else "ok  "
            print(f"{mark} {result.case.name}: {found_wants(result)}")
            for problem in problems(result):
                print("     " + problem.replace("\n", "\n     "))
            if problems(result):
                print(f"     orig   {result.orig!r}\n     fixed  {result.fixed!r}\n"
                      f"     unsafe {result.unsafe!r}")
