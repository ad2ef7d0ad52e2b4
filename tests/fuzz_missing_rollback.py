"""Random differential search for wrong missing-rollback fixes (not collected by pytest).

Generates functions that begin a *sql.Tx (at the top or in a loop body), check its error and
mix every way of leaving: early returns, statements that fail, Commit or Rollback on some
paths, loops with break/continue/return, switches, panics recovered by the function, a
helper that finishes the transaction, and the traps: the transaction stored in a package
variable that main commits after the call (it outlives the function), and a type of its own
with Commit and Rollback whose Rollback undoes committed work (unsafe: never applied here).
The database is the fake driver of the golden cases (golden/missing-rollback/_fake/driver.go:
it prints begin, exec, commit and rollback, and how many transactions were left open). Every
program is fixed by `deferfix apply` (safe fixes only) and both run: the fixed one must print
what the original prints once the rollback lines are left out, and leave no more open.

    python3 tests/fuzz_missing_rollback.py [count] [seed]

A failing program is written to /tmp/missing-rollback-fuzz-failures/ for a golden case.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_missing_cancel import compose, fuzz  # noqa: E402

DRIVER = (Path(__file__).resolve().parent.parent / "golden" / "missing-rollback" / "_fake"
          / "driver.go").read_bytes()
COUNT = "transactions left open: "

JOURNAL = """
type journal struct{ applied []string }

type batch struct {
	j       *journal
	pending []string
	done    int
}

func (j *journal) Begin() (*batch, error) { return &batch{j: j}, nil }

func (b *batch) Exec(q string) error {
	if q == "fail" {
		return errors.New("batch: fail")
	}
	b.pending = append(b.pending, q)
	return nil
}

func (b *batch) Commit() error {
	b.j.applied = append(b.j.applied, b.pending...)
	b.done, b.pending = len(b.pending), nil
	return nil
}

func (b *batch) Rollback() error {
	b.j.applied = b.j.applied[:len(b.j.applied)-b.done]
	b.done, b.pending = 0, nil
	return nil
}
"""


class Body:
    def __init__(self, rng: random.Random, in_loop: bool, recovers: bool, tx: str) -> None:
        self.rng = rng
        self.in_loop = in_loop
        self.recovers = recovers
        self.tx = tx

    def leave(self) -> str:
        tx = self.tx
        choices = ["return errors.New(\"early\")", f"{tx}.Rollback()\nreturn errors.New(\"undone\")",
                   f"return {tx}.Commit()"]
        if self.in_loop:
            choices += ["continue", f"{tx}.Rollback()\ncontinue", "break"]
        if self.recovers:
            choices.append("panic(fmt.Sprint(\"boom \", x))")
        if tx == "tx":
            choices += ["keptTx = tx\nreturn nil", "return finish(tx, x)"]
        return self.rng.choice(choices)

    def statements(self, depth: int) -> list[str]:
        rng, tx = self.rng, self.tx
        out = []
        for _ in range(rng.randint(1, 3)):
            kinds = ["exec", "exec", "if", "if"]
            if depth < 2:
                kinds += ["switch", "inner"]
            kind = rng.choice(kinds)
            k, c = rng.randint(2, 4), rng.randint(0, 3)
            if kind == "exec":
                call = f"{tx}.Exec(query(x, {k}, {c}))"
                out.append(f"if _, err := {call}; err != nil {{\nreturn err\n}}" if tx == "tx"
                           else f"if err := {call}; err != nil {{\nreturn err\n}}")
            elif kind == "if":
                out.append(f"if x%{k} == {c} {{\n{self.leave()}\n}}")
            elif kind == "switch":
                cases = []
                for case in range(rng.randint(1, 3)):
                    inner = self.statements(depth + 1)
                    if rng.random() < 0.5:
                        inner.append(self.leave())
                    cases.append(f"case {case}:\n" + "\n".join(inner))
                out.append(f"switch x % {k} {{\n" + "\n".join(cases) + "\n}")
            elif kind == "inner":
                leave = rng.choice(["break", "continue", "return errors.New(\"in loop\")"])
                exec_ = f"{tx}.Exec(fmt.Sprint(\"row \", j))"
                out.append(f"for j := 0; j < {k}; j++ {{\nif j == {c} {{\n{leave}\n}}\n"
                           f"{exec_}\n}}")
        return out


def function(rng: random.Random, index: int) -> str:
    journal = rng.random() < 0.15
    tx = "b" if journal else "tx"
    in_loop = rng.random() < 0.35
    recovers = rng.random() < 0.3
    body = Body(rng, in_loop, recovers, tx)
    stmts = "\n".join(body.statements(0))
    source = "j" if journal else "db"
    head = f"func f{index}(db *sql.DB, j *journal, x int) (err error) {{\n"
    if recovers:
        head += ("defer func() {\nif p := recover(); p != nil {\n"
                 "err = fmt.Errorf(\"recovered %v\", p)\n}\n}()\n")
    bind = f"{tx}, err := {source}.Begin()\nif err != nil {{\nreturn err\n}}"
    end = rng.choice([f"if err := {tx}.Commit(); err != nil {{\nreturn err\n}}",
                      f"{tx}.Commit()"])
    return compose(head, bind, stmts, end, "return nil", in_loop)


def program(rng: random.Random) -> str:
    count = rng.randint(1, 3)
    functions = "\n".join(function(rng, i) for i in range(count))
    calls = "\n".join(
        f"for x := 0; x < 6; x++ {{\nfmt.Println(\"f{i}\", x, f{i}(db, j, x))\n"
        "if keptTx != nil {\nfmt.Println(\"kept:\", keptTx.Commit())\nkeptTx = nil\n}\n}"
        for i in range(count))
    return ("package main\n\nimport (\n\"database/sql\"\n\"errors\"\n\"fmt\"\n)\n\n"
            "var keptTx *sql.Tx\n\n"
            "func query(x, k, c int) string {\nif x%k == c {\nreturn \"fail\"\n}\n"
            "return fmt.Sprint(\"update \", x)\n}\n\n"
            "func finish(tx *sql.Tx, x int) error {\nif x%2 == 0 {\nreturn tx.Rollback()\n}\n"
            "return tx.Commit()\n}\n" + JOURNAL + "\n"
            + functions + "\nfunc main() {\ndb := openDB()\nj := &journal{}\n"
            + calls + "\nfmt.Println(\"journal:\", j.applied)\nreport()\n}\n")


_ROLLBACK = re.compile(r"^rollback \d+$")


class Releases(tuple):
    """The rollback lines, which the fix adds where the original left a transaction open."""

    def __contains__(self, line: object) -> bool:
        return isinstance(line, str) and bool(_ROLLBACK.match(line))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    bad = fuzz(program, "missing-rollback", {"driver.go": DRIVER}, COUNT, Releases(),
               Path("/tmp/missing-rollback-fuzz-failures"), count, seed)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
