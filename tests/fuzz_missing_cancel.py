"""Random differential search for wrong missing-cancel fixes (not collected by pytest).

Generates functions that take a context from context.WithCancel/WithTimeout/WithCancelCause
(at the top or in a loop body) and mix every way of leaving: early returns, cancel on some
paths, loops with break/continue/return, switches, panics recovered by the function, a
goroutine joined before the return, and the traps: the context stored in a package variable
that main reads after the call (it outlives the function), the cancel func handed to main
(then main owns it). The parent context counts the children registered with it (the context
package registers a child through its parent's AfterFunc and calls the stop func it returns
when the child is cancelled), so the output shows what stayed live. Every program is fixed by
`deferfix apply` (safe fixes only) and both run: the fixed one must print what the original
prints once the release lines are left out, and leave no more children registered.

    python3 tests/fuzz_missing_cancel.py [count] [seed]

A failing program is written to /tmp/missing-cancel-fuzz-failures/ for a golden case.
`run_batch` is shared with tests/fuzz_missing_rollback.py.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from differential import build_driver, by_package, case_package, deferfix, run  # noqa: E402

TRACKER = (Path(__file__).resolve().parent.parent / "golden" / "missing-cancel" / "_fake"
           / "tracker.go").read_bytes()

RELEASE_LINES = ("child context released",)


@dataclass
class Outcome:
    name: str
    source: bytes
    findings: list[dict]
    orig: str
    fixed: str
    rejected: list[str] = field(default_factory=list)


def run_batch(cases: list[tuple[str, bytes]], rules: str, extra: dict[str, bytes],
              tmp: Path) -> list[Outcome]:
    """Write each case (a `package main` program) with the `extra` files beside it, twice:
    as it is and fixed by `deferfix apply` (safe fixes); build one driver; run both."""
    root = tmp / "mod"
    root.mkdir(parents=True)
    (root / "go.mod").write_text("module fuzz\n\ngo 1.22\n")
    for variant in ("orig", "fixed"):
        for name, source in cases:
            directory = root / variant / case_package(name)
            directory.mkdir(parents=True)
            (directory / "main.go").write_bytes(source)
            for file_name, text in extra.items():
                (directory / file_name).write_bytes(text)
    checked = deferfix("check", rules, [root / "orig"])
    applied = deferfix("apply", rules, [root / "fixed"])
    findings, _ = by_package(checked)
    _, rejected = by_package(applied)
    packages = [f"{variant}/{case_package(name)}" for name, _ in cases
                for variant in ("orig", "fixed")]
    binary = build_driver(root, [(p, p) for p in packages])
    with ThreadPoolExecutor(2) as pool:
        outputs = dict(zip(packages, pool.map(lambda p: run(binary, p, 30), packages)))
    return [Outcome(name, source, findings.get(case_package(name), []),
                    outputs[f"orig/{case_package(name)}"],
                    outputs[f"fixed/{case_package(name)}"],
                    rejected.get(case_package(name), []))
            for name, source in cases]


def without_releases(output: str, releases: tuple[str, ...], count_prefix: str
                     ) -> tuple[list[str], int]:
    """The lines of `output` other than the release lines and the final count, and the count
    of what was left open."""
    lines, left = [], -1
    for line in output.splitlines():
        if line in releases:
            continue
        if line.startswith(count_prefix):
            left = int(line[len(count_prefix):])
            continue
        lines.append(line)
    return lines, left


class Body:
    """Random statements of a function holding ctx and cancel (`cause`: a CancelCauseFunc)."""

    def __init__(self, rng: random.Random, cause: bool, in_loop: bool, recovers: bool) -> None:
        self.rng = rng
        self.cause = cause
        self.in_loop = in_loop
        self.recovers = recovers

    def cancel(self) -> str:
        return "cancel(errors.New(\"why\"))" if self.cause else "cancel()"

    def leave(self) -> str:
        choices = ["return \"early\"", f"{self.cancel()}\nreturn \"cancelled\"",
                   "return fmt.Sprint(\"err \", ctx.Err())"]
        if self.in_loop:
            choices += ["continue", f"{self.cancel()}\ncontinue", "break"]
        if self.recovers:
            choices.append("panic(fmt.Sprint(\"boom \", x))")
        # Traps: the context outlives the function; the cancel func goes to main.
        choices += ["kept = ctx\nreturn \"kept\"", "handed = cancel\nreturn \"handed\""
                    if not self.cause else "return \"plain\""]
        return self.rng.choice(choices)

    def statements(self, depth: int, in_inner: bool = False) -> list[str]:
        rng = self.rng
        out = []
        for _ in range(rng.randint(1, 3)):
            kinds = ["print", "if", "if", "work", "cancel"]
            if depth < 2:
                kinds += ["switch", "inner", "goroutine"]
            kind = rng.choice(kinds)
            k, c = rng.randint(2, 4), rng.randint(0, 3)
            if kind == "print":
                out.append(rng.choice(["fmt.Println(\"state\", ctx.Err())",
                                       "fmt.Println(\"cause\", context.Cause(ctx))"]))
            elif kind == "cancel" and rng.random() < 0.3:
                out.append(self.cancel())
            elif kind == "work":
                out.append("if err := work(ctx, x); err != nil {\nreturn err.Error()\n}")
            elif kind == "if":
                out.append(f"if x%{k} == {c} {{\n{self.leave()}\n}}")
            elif kind == "switch":
                cases = []
                for case in range(rng.randint(1, 3)):
                    inner = self.statements(depth + 1, in_inner)
                    if rng.random() < 0.5:
                        inner.append(self.leave())
                    cases.append(f"case {case}:\n" + "\n".join(inner))
                default = f"default:\n{self.cancel()}" if rng.random() < 0.4 else ""
                out.append(f"switch x % {k} {{\n" + "\n".join(cases) + f"\n{default}\n}}")
            elif kind == "inner":
                leave = rng.choice(["break", "continue", "return \"in loop\"",
                                    f"{self.cancel()}\nbreak"])
                out.append(f"for j := 0; j < {k}; j++ {{\nif j == {c} {{\n{leave}\n}}\n"
                           "fmt.Println(\"j\", j, ctx.Err())\n}")
            elif kind == "goroutine":
                out.append("{\nvar wg sync.WaitGroup\nwg.Add(1)\ngo func() {\ndefer wg.Done()\n"
                           "fmt.Println(\"goroutine\", ctx.Err())\n}()\nwg.Wait()\n}")
        return out


MAKERS = {
    "WithCancel": "context.WithCancel(parent)",
    "WithTimeout": "context.WithTimeout(parent, time.Hour)",
    "WithCancelCause": "context.WithCancelCause(parent)",
    "WithDeadline": "context.WithDeadline(parent, time.Now().Add(time.Hour))",
}


def function(rng: random.Random, index: int) -> str:
    maker = rng.choice(list(MAKERS))
    cause = maker == "WithCancelCause"
    in_loop = rng.random() < 0.35
    recovers = rng.random() < 0.3
    body = Body(rng, cause, in_loop, recovers)
    stmts = "\n".join(body.statements(0))
    if "cancel" not in stmts:   # at least one use, on one path
        stmts = f"if x == 5 {{\n{body.cancel()}\n}}\n{stmts}"
    head = (f"func f{index}(parent context.Context, x int) (res string) {{\n")
    if recovers:
        head += ("defer func() {\nif p := recover(); p != nil {\n"
                 "res = fmt.Sprint(\"recovered \", p)\n}\n}()\n")
    bind = f"ctx, cancel := {MAKERS[maker]}"
    end = "fmt.Println(\"end\", ctx.Err())"
    if rng.random() < 0.3:
        end += f"\n{body.cancel()}"
    return compose(head, bind, stmts, end, "return \"done\"", in_loop)


def compose(head: str, bind: str, stmts: str, end: str, final: str, in_loop: bool) -> str:
    """A function: `head` (its signature and first lines), the binding, the statements and
    `end`, at the top or in a loop body (the binding runs each iteration), then `final`."""
    if in_loop:
        return head + f"for i := 0; i < 3; i++ {{\n{bind}\nx += i\n{stmts}\n{end}\n}}\n{final}\n}}\n"
    return head + f"{bind}\n{stmts}\n{end}\n{final}\n}}\n"


def program(rng: random.Random) -> str:
    count = rng.randint(1, 3)
    functions = "\n".join(function(rng, i) for i in range(count))
    calls = "\n".join(
        f"for x := 0; x < 6; x++ {{\nfmt.Println(\"f{i}\", x, f{i}(parent, x))\n"
        "if kept != nil {\nfmt.Println(\"kept\", kept.Err())\nkept = nil\n}\n"
        "if handed != nil {\nhanded()\nhanded = nil\n}\n}" for i in range(count))
    return ("package main\n\nimport (\n\"context\"\n\"errors\"\n\"fmt\"\n\"sync\"\n\"time\"\n)\n\n"
            "var (\nkept context.Context\nhanded context.CancelFunc\n"
            "_ = errors.New\n_ sync.Mutex\n_ = time.Hour\n)\n\n"
            "func work(ctx context.Context, x int) error {\nif x%5 == 4 {\n"
            "return errors.New(\"bad input\")\n}\nreturn ctx.Err()\n}\n\n"
            + functions + "\nfunc main() {\nlive := 0\n"
            "parent := tracked{done: make(chan struct{}), live: &live}\n"
            + calls + "\nfmt.Println(\"registered:\", live)\n}\n")


def judge(outcome: Outcome, count_prefix: str, releases: tuple[str, ...]) -> list[str]:
    """What is wrong with an outcome: a rejected fix, output that changed beyond the
    releases, or more left open after the fix."""
    problems = list(outcome.rejected)
    before, left_before = without_releases(outcome.orig, releases, count_prefix)
    after, left_after = without_releases(outcome.fixed, releases, count_prefix)
    if before != after:
        diff = [f"- {a}\n+ {b}" for a, b in zip(before, after) if a != b][:3]
        problems.append("output changed:\n" + "\n".join(diff or [f"{len(before)} lines, "
                                                               f"then {len(after)}"]))
    if left_after > left_before:
        problems.append(f"left open: {left_before} before, {left_after} after")
    return problems


def fuzz(make, rules: str, extra: dict[str, bytes], count_prefix: str,
         releases: tuple[str, ...], failures: Path, count: int, seed: int) -> int:
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        source = subprocess.run(["gofmt"], input=make(rng).encode(), capture_output=True,
                                check=True).stdout
        cases.append((f"fuzz{seed}_{index}", source))
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = run_batch(cases, rules, extra, Path(tmp))
    bad, kinds, fixed_leaks, missed = 0, {}, 0, 0
    for outcome in outcomes:
        for finding in outcome.findings:
            fix = finding["fix"]["applicability"] if finding["fix"] else "none"
            kinds[fix] = kinds.get(fix, 0) + 1
        _, left_before = without_releases(outcome.orig, releases, count_prefix)
        _, left_after = without_releases(outcome.fixed, releases, count_prefix)
        fixed_leaks += max(left_before - left_after, 0)
        missed += left_before > 0 and not outcome.findings
        problems = judge(outcome, count_prefix, releases)
        if problems:
            bad += 1
            failures.mkdir(exist_ok=True)
            (failures / f"{outcome.name}.go").write_bytes(outcome.source)
            print(f"FAIL {outcome.name}: {[f['fix']['applicability'] for f in outcome.findings]}")
            for problem in problems:
                print("     " + problem.replace("\n", "\n     "))
    print(f"{len(outcomes)} programs, findings by fix {kinds}, {fixed_leaks} leaks fixed, "
          f"{missed} programs with a leak and no finding (traps: the value kept by main or "
          f"handed on), {bad} failing")
    return bad


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    bad = fuzz(program, "missing-cancel", {"tracker.go": TRACKER}, "registered: ",
               RELEASE_LINES, Path("/tmp/missing-cancel-fuzz-failures"), count, seed)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
