#!/usr/bin/env python3
"""Time `deferfix check` over a large Go tree against gofmt and ast-grep. Prints figures.

Not a test. Usage: python3 bench/bench.py [TREE] [--runs N] [--jobs N]

TREE defaults to $(go env GOROOT)/src. Every command gets the same file list (what deferfix's
discovery picks: no testdata/, vendor/, dot or underscore directories). Each command runs
--runs times and the best wall time is kept (the machine may be shared); CPU is user+sys of
the command and its children. Peak memory is the largest sum of PSS (proportional set size:
pages shared by forked workers counted once) over the command's process tree, sampled every
10 ms. "cold" starts from an empty cache directory, "warm" reruns over the cache it left.
The reference rule for ast-grep (pip package ast-grep-cli) finds a defer inside a loop of the
same function, the detection core of deferfix's defer-in-loop.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from codemod.discovery import discover  # noqa: E402

AST_GREP_RULE = """\
id: defer-in-loop
language: go
severity: warning
message: defer inside a loop
rule:
  kind: defer_statement
  inside:
    kind: for_statement
    stopBy:
      any:
        - kind: func_literal
        - kind: function_declaration
        - kind: method_declaration
"""

TARGETS = {"cold": 3.0, "warm": 0.5, "ratio": 4.0, "memory_mb": 500}


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(p) for p in handle.read().split())
    except OSError:
        pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """The peak of the summed PSS of a process tree."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            tree, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo.extend(_children(pid))
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in tree))
            self.done.wait(0.01)


def timed(argv: list[str], env: dict | None = None, cwd: str | None = None):
    """(wall s, cpu s, peak MB, exit code, stdout bytes) of one run."""
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=cwd)
    sampler = MemorySampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system
                                                          - before.children_system)
    return wall, cpu, sampler.peak_kb / 1024, proc.returncode, out, err


def best(runs: list[tuple]) -> tuple:
    return min(runs, key=lambda r: r[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", nargs="?")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="deferfix -j (default: CPUs)")
    parser.add_argument("--no-references", action="store_true",
                        help="time deferfix only")
    args = parser.parse_args()
    tree = args.tree or os.path.join(
        subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True,
                       check=True).stdout.strip(), "src")
    tree = os.path.abspath(tree)
    files = discover([tree]).files
    size = lines = 0
    for path in files:
        with open(path, "rb") as handle:
            data = handle.read()
        size += len(data)
        lines += data.count(b"\n")
    cpus = os.cpu_count() or 1
    print(f"corpus: {tree}")
    print(f"files: {len(files)}   lines: {lines:,}   size: {size / 1e6:.1f} MB   "
          f"cores: {cpus}   runs per command: best of {args.runs}")
    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"note: load average {load:.1f} before starting: other work shares the machine")

    cache_dir = tempfile.mkdtemp(prefix="deferfix-bench-cache-")
    env = dict(os.environ, DEFERFIX_CACHE_DIR=cache_dir)
    # As an installed package runs: with its bytecode cached (this sandbox turns that off).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "codemod.cli", "rules"], env=env, check=True,
                   capture_output=True)
    deferfix = [sys.executable, "-m", "codemod.cli", "check", "--quiet"]
    if args.jobs:
        deferfix += ["-j", str(args.jobs)]
    deferfix.append(tree)

    results: dict[str, tuple] = {}
    cold_runs, warm_runs = [], []
    try:
        for _ in range(args.runs):
            shutil.rmtree(cache_dir, ignore_errors=True)
            cold_runs.append(timed(deferfix, env))
            warm_runs.append(timed(deferfix, env))
        results["deferfix check, cold"] = best(cold_runs)
        results["deferfix check, warm"] = best(warm_runs)
        results["deferfix check --no-cache"] = best(
            [timed(deferfix + ["--no-cache"], env) for _ in range(args.runs)])
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    cold_out = {r[4] for r in cold_runs}
    same = len(cold_out) == 1 and {r[4] for r in warm_runs} == cold_out \
        and results["deferfix check --no-cache"][4] in cold_out
    findings = next(iter(cold_out)).count(b"\n") if cold_out else 0

    with tempfile.TemporaryDirectory(prefix="deferfix-bench-") as tmp:
        ast_grep_hits = None
        if not args.no_references:
            if shutil.which("gofmt"):
                results["gofmt -l"] = best([timed(["gofmt", "-l", *files])
                                            for _ in range(args.runs)])
            ast_grep = shutil.which("ast-grep")
            if ast_grep:
                rule = os.path.join(tmp, "defer-in-loop.yml")
                with open(rule, "w") as handle:
                    handle.write(AST_GREP_RULE)
                argv = [ast_grep, "scan", "--rule", rule, "--threads", str(args.jobs or cpus),
                        "--json=stream", *files]
                results["ast-grep defer-in-loop rule"] = best([timed(argv)
                                                               for _ in range(args.runs)])
                ast_grep_hits = results["ast-grep defer-in-loop rule"][4].count(b"\n")
            else:
                print("note: ast-grep not found (pip install ast-grep-cli)")

    print()
    print(f"{'command':32s} {'wall s':>8s} {'cpu s':>8s} {'peak MB':>8s} {'files/s':>9s} "
          f"{'lines/s':>11s}")
    for name, (wall, cpu, peak, _, _, _) in results.items():
        print(f"{name:32s} {wall:8.2f} {cpu:8.2f} {peak:8.0f} {len(files) / wall:9.0f} "
              f"{lines / wall:11,.0f}")
    print()
    cold, warm = results["deferfix check, cold"], results["deferfix check, warm"]
    print(f"deferfix findings: {findings}" + (
        f"   ast-grep defer-in-loop matches: {ast_grep_hits}" if ast_grep_hits is not None
        else ""))
    print(f"output identical cold / warm / --no-cache: {'yes' if same else 'NO'}")
    ratios = []
    for name in ("ast-grep defer-in-loop rule", "gofmt -l"):
        if name in results:
            ratios.append((name, results[name][0] / cold[0]))
            print(f"ratio {name} / deferfix cold: {ratios[-1][1]:.1f}x wall, "
                  f"{results[name][1] / cold[1]:.1f}x cpu")
    peak = max(r[2] for r in results.values() if r is not None and r in
               (cold, warm, results["deferfix check --no-cache"]))
    checks = [
        ("cold check", f"{cold[0]:.2f} s", f"<= {TARGETS['cold']} s", cold[0] <= TARGETS["cold"]),
        ("warm rerun", f"{warm[0]:.2f} s", f"<= {TARGETS['warm']} s", warm[0] <= TARGETS["warm"]),
        ("peak memory", f"{peak:.0f} MB", f"< {TARGETS['memory_mb']} MB",
         peak < TARGETS["memory_mb"]),
    ]
    if ratios and ratios[0][0].startswith("ast-grep"):
        checks.append(("vs ast-grep", f"{ratios[0][1]:.1f}x", f">= {TARGETS['ratio']}x",
                       ratios[0][1] >= TARGETS["ratio"]))
    print()
    for name, got, want, ok in checks:
        print(f"target {name:12s} {got:>10s}  (want {want}): {'met' if ok else 'NOT MET'}")
    for name, run in results.items():
        if run[3] not in (0, 1):
            print(f"warning: {name} exited {run[3]}: {run[5].decode(errors='replace')[-500:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
