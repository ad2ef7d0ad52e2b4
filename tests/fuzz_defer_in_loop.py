"""Random differential search for wrong defer-in-loop rewrites (not collected by pytest).

Generates loop bodies that hold a per-iteration resource with a deferred Close and mix
every way of leaving or going on: continue and break (bare, labelled, inside switch, select
and inner loops), return with named results (bare, valued, a multi-value call), goto out of
the body and within it, fallthrough, panics recovered by the function, and writes of the
named results before leaving. Every program is fixed by deferfix and run with the
instrumented resources of tests/data/differential_loop/_prelude/res.go; a program whose
findings are all safe must print what the original prints (closes aside), with no use after
close and nothing piling up.

    python3 tests/fuzz_defer_in_loop.py [count] [seed]

A failing program is written to /tmp/defer-in-loop-fuzz-failures/ for a corpus case.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_differential_loop import Case, found_wants, problems, run_corpus  # noqa: E402

HEADER = """package main

import "fmt"

func pair(n int) (int, string) { return n * 10, fmt.Sprint("pair", n) }

"""


class Body:
    """One random loop body: statements at a nesting depth, with the labels in scope."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.labels = 0
        self.inner: list[str] = []   # labels of the inner loops around the statement
        self.count = 0

    def leave(self, depth: int, in_switch: bool, in_inner: bool) -> str:
        choices = ["continue", "break", "continue outer", "break outer", "goto done",
                   "return", "return n * 2, s + \"!\"", "return pair(x)",
                   "panic(fmt.Sprint(\"boom \", x))", "n += 100\n\t\tcontinue",
                   "s += \"c\"\n\t\treturn"]
        if self.inner:
            choices += [f"continue {self.inner[-1]}", f"break {self.inner[-1]}"]
        return self.rng.choice(choices)

    def statements(self, depth: int, in_switch: bool = False, in_inner: bool = False) -> list[str]:
        rng = self.rng
        out = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(["use", "if", "if", "switch", "inner", "select", "label",
                               "assign"] if depth < 2 else ["use", "if", "assign"])
            k, c = rng.randint(2, 4), rng.randint(0, 3)
            if kind == "use":
                out.append(f"r.Use({rng.choice(['x', 'n', 's', 'i'])})")
            elif kind == "assign":
                out.append(rng.choice(["n += x", "s += fmt.Sprint(x)", "n++"]))
            elif kind == "if":
                body = self.leave(depth, in_switch, in_inner)
                out.append(f"if x%{k} == {c} {{\n{body}\n}}")
            elif kind == "switch":
                cases = []
                for case in range(rng.randint(1, 3)):
                    inner = self.statements(depth + 1, True, in_inner)
                    if rng.random() < 0.4:
                        inner.append(self.leave(depth, True, in_inner))
                    elif rng.random() < 0.3 and case < 2:
                        inner.append("fallthrough")
                    cases.append(f"case x%{k} == {case}:\n" + "\n".join(inner))
                if cases[-1].endswith("fallthrough"):
                    cases[-1] = cases[-1][:-len("fallthrough")] + "n--"
                default = "default:\nn += 3" if rng.random() < 0.5 else ""
                out.append("switch {\n" + "\n".join(cases) + f"\n{default}\n}}")
            elif kind == "inner":
                self.count += 1
                label = f"inner{self.count}"
                self.inner.append(label)
                inner = self.statements(depth + 1, in_switch, True)
                inner.append(self.leave(depth, in_switch, True))
                self.inner.pop()
                out.append(f"{label}:\nfor j := 0; j < {k}; j++ {{\nif j == {c} {{\n"
                           + "\n".join(inner) + "\n}\nn += j\n}")
            elif kind == "select":
                leave = self.leave(depth, True, in_inner)
                out.append("select {\ncase v := <-ch:\nn += v\nif v > 1 {\n" + leave
                           + "\n}\ndefault:\nr.Use(\"no value\")\n}")
            elif kind == "label" and self.labels == 0:
                self.labels += 1
                out.append(f"again:\nn++\nif n%{k + 3} == {c} {{\ngoto again\n}}")
        return out


RESULTS = {
    # signature, a return with values, the final return, how main prints a call
    "named": ("(n int, s string)", "return n * 2, s + \"!\"", "return n, s", "fmt.Println(run(xs, ch))"),
    "unnamed": ("(int, string)", "return n * 2, s + \"!\"", "return n, s", "fmt.Println(run(xs, ch))"),
    "error": ("error", "return fmt.Errorf(\"stop at %d\", n)", "return nil", "fmt.Println(run(xs, ch), n, s)"),
    "none": ("", "return", "return", "run(xs, ch)\nfmt.Println(n, s)"),
}
LOOPS = [
    "for i, x := range xs {",
    "for i := 0; i < len(xs); i++ {\nx := xs[i]",
    "for i := range len(xs) {\nx := xs[i]",
    "for i, x := range each(xs) {",
]


def program(rng: random.Random) -> str:
    kind = rng.choice(list(RESULTS))
    signature, valued, final, call = RESULTS[kind]
    body = Body(rng)
    stmts = body.statements(0)
    text = "\n".join(stmts)
    if kind != "named":
        text = text.replace("return pair(x)", valued if kind != "unnamed" else "return pair(x)")
        text = text.replace("s += \"c\"\n\t\treturn", "s += \"c\"\n" + valued)
        text = "\n".join(valued if line.strip() == "return" else line
                         for line in text.split("\n"))
    text = text.replace("return n * 2, s + \"!\"", valued)
    declared = "" if kind in ("named", "unnamed") else ""
    locals_ = "" if kind == "named" else "var n int\nvar s string\n"
    if kind in ("error", "none"):
        locals_ = ""
    recovered = "s += fmt.Sprint(\"|recovered \", p)" if kind != "error" else \
        "s += fmt.Sprint(\"|recovered \", p)"
    fn = (f"func run(xs []int, ch chan int) {signature} {{\n{locals_}{declared}"
          "defer func() {\nif p := recover(); p != nil {\n" + recovered + "\n}\n}()\n"
          "outer:\nfor round := 0; round < 2; round++ {\n"
          + rng.choice(LOOPS) + "\n"
          "tick(\"L\")\n"
          "r := acquire(fmt.Sprint(\"r\", round, i))\n"
          "defer r.Close() // want: safe\n"
          "_, _ = i, x\n"
          + text + "\nr.Use(\"end\", n)\n}\n"
          "if round > 5 {\nbreak outer\n}\n}\n"
          f"done:\ns += \"done\"\n{final}\n}}\n")
    for label in ("outer", "done", "again", *(f"inner{n}" for n in range(1, body.count + 1))):
        uses = sum(fn.count(f"{verb} {label}\n") for verb in ("continue", "break", "goto"))
        if not uses:
            fn = fn.replace(f"{label}:\n", "")
    globals_ = "var n int\nvar s string\n\n" if kind in ("error", "none") else ""
    main = ("func main() {\n"
            "for _, xs := range [][]int{{1, 2, 3}, {0, 4}, {3, 1, 2, 5}, {}} {\n"
            "ch := make(chan int, 3)\nch <- 1\nch <- 2\n"
            + ("n, s = 0, \"\"\n" if kind in ("error", "none") else "")
            + call + "\n}\n}\n")
    return HEADER + globals_ + ITERATOR + fn + "\n" + main


ITERATOR = """func each(xs []int) func(func(int, int) bool) {
	return func(yield func(int, int) bool) {
		for i, x := range xs {
			if !yield(i, x) {
				return
			}
		}
	}
}

"""


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        source = subprocess.run(["gofmt"], input=program(rng).encode(), capture_output=True,
                                check=True).stdout
        case = Case(f"fuzz{seed}_{index}", source)
        cases.append(case)
    failures = Path("/tmp/defer-in-loop-fuzz-failures")
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = run_corpus(cases, Path(tmp))
    bad = 0
    kinds: dict[str, int] = {}
    for outcome in outcomes:
        for fixes in found_wants(outcome).values():
            for fix in fixes:
                kinds[fix] = kinds.get(fix, 0) + 1
        found = [p for p in problems(outcome) if not p.startswith("line ")]
        fixes = [w for ws in found_wants(outcome).values() for w in ws]
        if outcome.rejected or found and all(f == "safe" for f in fixes):
            bad += 1
            failures.mkdir(exist_ok=True)
            (failures / f"{outcome.case.name}.go").write_bytes(outcome.case.source)
            print(f"FAIL {outcome.case.name}: {fixes}")
            for problem in found + outcome.rejected:
                print("     " + problem.replace("\n", "\n     "))
    print(f"{len(outcomes)} programs, fixes {kinds}, {bad} failing")


if __name__ == "__main__":
    main()
