"""Random differential search for false safe loopvar-capture fixes (not collected by pytest).

Generates loops whose body mixes one closure under test (defer, or go with a wait) with
statements that change the loop variable in many ways (direct writes, pointers, closures,
method values, deferred method calls, slices of an array, goto, inner loops, select), runs
deferfix on the programs in a go 1.21 module and compares, for every program whose findings
all got a safe fix, its output with the original's in a go 1.22 module.

    python3 tests/fuzz_loopvar.py [count] [seed]

A failing program is written to /tmp/loopvar-fuzz-failures/ for a corpus case.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_differential import Case, _problems, found_wants, run_corpus  # noqa: E402

PRELUDE = """package main

import (
	"fmt"
	"sort"
	"sync"
)

type cnt int

func (c *cnt) inc() { *c += 3 }

type rec struct {
	n    int
	tags [2]int
}

func (r *rec) bump() { r.n += 5 }

func items() []int { return []int{1, 2, 3, 4} }

type group struct{}

func (group) Go(f func() error) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-release
		_ = f()
	}()
}

var (
	out    []string
	ptrs   []*{T}
	fs     []func()
	steps  int
	gotos  int
	done   = make(chan bool)
	wg      sync.WaitGroup
	mu      sync.Mutex
	release = make(chan bool)
	ch     = make(chan {T}, 100)
)

func log(tag string, v any) {
	mu.Lock()
	out = append(out, fmt.Sprint(tag, v))
	mu.Unlock()
}

func guard() bool { steps++; return steps < 40 }
"""


class Gen:
    def __init__(self, rng: random.Random, kind: str) -> None:
        self.rng, self.kind, self.n, self.labels = rng, kind, 0, []
        self.var = {"int": "i", "range": "v", "cnt": "c", "array": "a", "struct": "r",
                    "unknown": "u"}[kind]

    def fresh(self) -> int:
        self.n += 1
        return self.n

    def write(self) -> str:
        v, n, kind = self.var, self.fresh(), self.kind
        options = {
            "int": [f"{v} += {self.rng.randint(1, 3)}", f"{v}++",
                    f"func(p *int) {{ *p += 1 }}(&{v})",
                    f"ptrs = append(ptrs, &{v})",
                    f"if len(ptrs) > 0 {{ *ptrs[len(ptrs)-1] += 5 }}",
                    f"func() {{ {v} += 2 }}()",
                    f"fs = append(fs, func() {{ {v} += 7 }})",
                    f"if len(fs) > 0 {{ fs[len(fs)-1]() }}",
                    f"select {{\n\t\tcase {v} = <-ch:\n\t\tdefault:\n\t\t}}",
                    f"defer func() {{ {v} += 100 }}()",
                    f"go func() {{ {v} += 1; done <- true }}()\n\t\t<-done",
                    f"switch {{\n\t\tcase {v} > 2:\n\t\t\t{v} -= 1\n\t\t}}",
                    f"for {v} < 3 {{\n\t\t\t{v}++\n\t\t}}",
                    f"if f{n} := func() int {{ {v}++; return {v} }}; f{n}() > 0 {{\n\t\t}}"],
            "range": [f"{v} += {self.rng.randint(1, 3)}", f"ptrs = append(ptrs, &{v})",
                      f"if len(ptrs) > 0 {{ *ptrs[len(ptrs)-1] += 5 }}",
                      f"func() {{ {v} *= 2 }}()", f"fs = append(fs, func() {{ {v} += 7 }})",
                      f"if len(fs) > 0 {{ fs[len(fs)-1]() }}", f"{v}, _ = {v}+1, 0"],
            "cnt": [f"{v}.inc()", f"m{n} := {v}.inc\n\t\tm{n}()",
                    f"fs = append(fs, {v}.inc)", f"if len(fs) > 0 {{ fs[len(fs)-1]() }}",
                    f"defer {v}.inc()", f"{v} += 2", f"(&{v}).inc()",
                    f"cp{n} := &{v}\n\t\tcp{n}.inc()"],
            "struct": [f"{v}.n++", f"{v}.bump()", f"b{n} := {v}.bump\n\t\tb{n}()",
                       f"fs = append(fs, {v}.bump)", f"if len(fs) > 0 {{ fs[len(fs)-1]() }}",
                       f"t{n} := {v}.tags[:]\n\t\tt{n}[0] = 8", f"{v}.tags[1] = 4",
                       f"q{n} := &{v}.n\n\t\t*q{n} += 2", f"{v} = rec{{n: 20}}",
                       f"defer {v}.bump()", f"log(\"n\", {v}.n)"],
            "unknown": [f"{v} += 2", f"func() {{ {v}++ }}()", f"ptrs = append(ptrs, &{v})",
                        f"if len(ptrs) > 0 {{ *ptrs[len(ptrs)-1] += 5 }}"],
            "array": [f"{v}[0]++", f"s{n} := {v}[:]\n\t\ts{n}[1] += 10",
                      f"fs = append(fs, func() {{ {v}[0] += 7 }})",
                      f"if len(fs) > 0 {{ fs[len(fs)-1]() }}", f"{v} = [2]int{{9, 9}}",
                      f"copy({v}[:], []int{{7}})", f"q{n} := &{v}[1]\n\t\t*q{n} = 3",
                      f"for j{n} := range {v} {{\n\t\t\t{v}[j{n}]++\n\t\t}}"],
        }[kind]
        return self.rng.choice(options)

    def closure(self) -> str:
        v, n = self.var, self.fresh()
        roll = self.rng.random()
        own = self.write_own() if self.rng.random() < 0.3 else ""
        if roll < 0.5:
            return f'defer func() {{ {own}log("d{n}:", {v}) }}()'
        if roll < 0.7:
            return f'go func() {{ {own}log("g{n}:", {v}); done <- true }}()\n\t\t<-done'
        if roll < 0.85:
            return f'var g{n} group\n\t\tg{n}.Go(func() error {{ {own}log("e{n}:", {v}); return nil }})'
        return (f'wg.Add(1)\n\t\tgo func() {{\n\t\t\tdefer wg.Done()\n\t\t\t<-release\n'
                f'\t\t\t{own}log("a{n}:", {v})\n\t\t}}()')

    def write_own(self) -> str:
        """A change the closure under test makes to the variable itself."""
        v = self.var
        return self.rng.choice({"int": [f"{v}++; ", f"func() {{ {v} *= 3 }}(); "],
                                "range": [f"{v} += 10; "],
                                "cnt": [f"{v}.inc(); "],
                                "array": [f"{v}[0] = 42; "],
                                "struct": [f"{v}.bump(); ", f"{v}.n = 1; "],
                                "unknown": [f"{v}++; "]}[self.kind])

    def body(self, depth: int, with_closure: bool) -> list[str]:
        statements = [self.write() if self.rng.random() < 0.7 else f'log("r", {self.var})'
                      for _ in range(self.rng.randint(0, 3))]
        if depth < 1 and self.rng.random() < 0.3:
            k = self.fresh()
            inner = self.body(depth + 1, with_closure and self.rng.random() < 0.5)
            with_closure = with_closure and not any(
                f'log("{tag}' in s for s in inner for tag in "dgae")
            statements.insert(self.rng.randint(0, len(statements)),
                              f"for k{k} := 0; k{k} < 2; k{k}++ {{\n\t\t" + "\n\t\t".join(inner)
                              + "\n\t\t}")
        if with_closure:
            statements.insert(self.rng.randint(0, len(statements)), self.closure())
        if depth == 0 and self.rng.random() < 0.2:
            statements.insert(self.rng.randint(0, len(statements)),
                              f"if {self._parity()} {{\n\t\t\tcontinue\n\t\t}}")
        if depth == 0 and self.rng.random() < 0.25:
            label = f"L{self.fresh()}"
            at = self.rng.randint(0, len(statements))
            statements.insert(at, f"{label}:")
            statements.insert(self.rng.randint(at + 1, len(statements)),
                              f"if gotos < 3 {{\n\t\t\tgotos++\n\t\t\tgoto {label}\n\t\t}}")
        return statements

    def _parity(self) -> str:
        return {"int": "i%3 == 2", "range": "v%3 == 2", "cnt": "c%3 == 2",
                "array": "a[0]%3 == 2", "struct": "r.n%3 == 2", "unknown": "u%3 == 2"}[self.kind]

    def program(self) -> str:
        header = {
            "int": "for i := 0; i < 8 && guard(); i++ {",
            "range": "for _, v := range []int{1, 2, 3, 4} {\n\t\tif !guard() {\n\t\t\tbreak\n\t\t}",
            "cnt": "for c := cnt(0); c < 9 && guard(); c++ {",
            "array": "for _, a := range [][2]int{{1, 2}, {3, 4}, {5, 6}} {\n\t\tif !guard() "
                     "{\n\t\t\tbreak\n\t\t}",
            "struct": "for _, r := range []rec{{n: 1}, {n: 2}, {n: 3}} {\n\t\tif !guard() "
                      "{\n\t\t\tbreak\n\t\t}",
            "unknown": "for _, u := range items() {\n\t\tif !guard() {\n\t\t\tbreak\n\t\t}",
        }[self.kind]
        body = self.body(0, True)
        lines = []
        for statement in body:
            lines.append(statement if statement.endswith(":") else "\t\t" + statement)
        source = ("func run() {\n\t" + header + "\n" + "\n".join(lines)
                  + "\n\t}\n}\n\nfunc main() {\n\tfor x := 0; x < 50; x++ {\n\t\tch <- "
                  + {"array": "[2]int{x, x}", "cnt": "cnt(x * 10)", "struct": "rec{n: x}"}.get(
                      self.kind, "x * 10")
                  + "\n\t}\n\trun()\n"
                  "\tfor _, f := range fs {\n\t\tf()\n\t}\n\tclose(release)\n\twg.Wait()\n"
                  "\tsort.Strings(out)\n\tfmt.Println(out)\n}\n")
        elem = {"int": "int", "range": "int", "cnt": "cnt", "array": "[2]int", "struct": "rec",
                "unknown": "int"}[self.kind]
        return PRELUDE.replace("{T}", elem) + "\n" + source


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        kind = rng.choice(["int", "int", "range", "cnt", "array", "struct", "unknown"])
        text = Gen(rng, kind).program()
        cases.append(Case(f"fuzz{index}", {"main.go": text.encode()}))
    report(cases, Path("/tmp/loopvar-fuzz-failures"))


def report(cases: list[Case], failures: Path) -> None:
    """Fix, build and run the programs; print those whose findings all got a safe fix and
    whose output differs from the oracle (and keep them in `failures`), and a tally."""
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = run_corpus(cases, Path(tmp))
    compared = bad = 0
    tally: dict[str, int] = {}
    for outcome in outcomes:
        fixes = [w for ws in found_wants(outcome).values() for w in ws]
        for fix in fixes:
            tally[fix] = tally.get(fix, 0) + 1
        if outcome.rejected:
            print(outcome.case.name, outcome.rejected[0][:200])
        if not fixes or any(f != "safe" for f in fixes):
            continue
        compared += 1
        outcome.case.wants = found_wants(outcome)
        problems = _problems(outcome)
        if problems:
            bad += 1
            failures.mkdir(exist_ok=True)
            (failures / f"{outcome.case.name}.go").write_bytes(outcome.case.files["main.go"])
            print(outcome.case.name, problems[0][:300])
    print(f"{len(cases)} programs, findings by fix {tally}, {compared} compared (all safe), "
          f"{bad} differ")

if __name__ == "__main__":
    main()
