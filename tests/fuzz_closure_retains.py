"""Random differential search for false safe closure-retains fixes (not collected by pytest).

Generates functions whose deferred closure reads only len/cap of a slice or string, around
statements that may change it (assignments, append, :=, &x, closures, goroutines, loops,
goto, named results set by return, method values and calls on a named slice type), runs
deferfix, and compares the output of each program whose findings all got a safe fix with
the original's: the fix may change only what the closure keeps alive.

    python3 tests/fuzz_closure_retains.py [count] [seed]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_loopvar import report  # noqa: E402
from test_differential import Case  # noqa: E402

PRELUDE = """package main

import (
	"fmt"
	"sync"
)

type buf []int

func (b *buf) grow() { *b = append(*b, 0, 0) }

var (
	keep  []func()
	wg    sync.WaitGroup
	gate  = make(chan bool)
	gotos int
)

func grow(p *{T}) { *p = append(*p, 1) }
"""


class Gen:
    def __init__(self, rng: random.Random, kind: str) -> None:
        self.rng, self.kind, self.n = rng, kind, 0

    def fresh(self) -> int:
        self.n += 1
        return self.n

    def change(self) -> str:
        n = self.fresh()
        options = ["x = append(x, 7)", "x = x[:1]", "x, y = append(x, 1), 2",
                   "func() { x = append(x, 3) }()", "keep = append(keep, func() { x = nil })",
                   "if len(keep) > 0 { keep[len(keep)-1]() }", "grow(&x)",
                   f"p{n} := &x\n\t*p{n} = append(*p{n}, 5)",
                   "if y > 100 { return }", "y++", f"for k{n} := 0; k{n} < 2; k{n}++ {{\n\t\tx = append(x, k{n})\n\t}}",
                   "x[0] = 9", "_ = x[1:]"]
        if self.kind == "buf":
            options += ["x.grow()", f"g{n} := x.grow\n\tg{n}()", "keep = append(keep, x.grow)"]
        return self.rng.choice(options)

    def deferred(self) -> str:
        n = self.fresh()
        roll = self.rng.random()
        use = self.rng.choice(["len(x)", "cap(x)", "len(x), cap(x)"])
        if roll < 0.6:
            return f'defer func() {{ fmt.Println("d{n}", {use}, y) }}()'
        if roll < 0.8:
            return (f"wg.Add(1)\n\tgo func() {{\n\t\tdefer wg.Done()\n\t\tdefer func() {{ "
                    f'fmt.Println("g{n}", {use}) }}()\n\t\t<-gate\n\t}}()')
        return f'func() {{\n\t\tdefer func() {{ fmt.Println("f{n}", {use}) }}()\n\t}}()'

    def program(self) -> str:
        statements = [self.change() for _ in range(self.rng.randint(0, 4))]
        statements.insert(self.rng.randint(0, len(statements)), self.deferred())
        if self.rng.random() < 0.2:
            at = self.rng.randint(0, len(statements))
            statements.insert(at, "again:")
            statements.insert(self.rng.randint(at + 1, len(statements)),
                              "if gotos < 2 {\n\t\tgotos++\n\t\tgoto again\n\t}")
        if self.rng.random() < 0.3:
            body = "\n\t".join(statements)
            statements = [f"for r := 0; r < 2; r++ {{\n\t{body}\n\t}}"]
        init = {"slice": "[]int{1, 2, 3}", "buf": "buf{1, 2, 3}"}[self.kind]
        result = self.rng.random() < 0.3
        signature = "func run() (x {T}, y int) {" if result else "func run() {"
        declare = f"\tx = {init}\n" if result else f"\tx := {init}\n\ty := 0\n"
        ending = f"\treturn append(x, 4), y\n" if result and self.rng.random() < 0.5 else (
            "\treturn\n" if result else "\t_, _ = x, y\n")
        source = (signature + "\n" + declare + "\t" + "\n\t".join(statements) + "\n" + ending
                  + "}\n\nfunc main() {\n\trun()\n\tfor _, f := range keep {\n\t\tf()\n\t}\n"
                  "\tclose(gate)\n\twg.Wait()\n}\n")
        elem = {"slice": "[]int", "buf": "buf"}[self.kind]
        return (PRELUDE + "\n" + source).replace("{T}", elem)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        text = Gen(rng, rng.choice(["slice", "buf"])).program()
        case = Case(f"fuzz{index}", {"main.go": text.encode()})
        case.oracle = "same"
        cases.append(case)
    report(cases, Path("/tmp/closure-retains-fuzz-failures"))

if __name__ == "__main__":
    main()
