#!/usr/bin/env python3
"""What asking go/types changes, and what it costs, over large trees. Prints figures; not a test.

Usage: python3 bench/verdicts.py [--base REV] [--module PATH@VERSION|DIR] [--runs N] [--no-goroot]
                                 [--jobs N] [--acceptance] [--verdicts-only] [--same-rules]

Trees: $(go env GOROOT)/src, and a real module fetched through the Go module proxy (`go mod
download -json`, default code.gitea.io/gitea@v1.26.0; copied to a temporary directory, its
dependencies from the module cache; a directory is used as it is, which keeps Go's build
cache of its own packages, compiled per directory, from one bench run to the next). Side
by side, in this one run, on the same machine:

- `today`: deferfix as it was before the types stage (REV, default the parent of the commit
  that brought it), from `git archive` into a temporary directory;
- `typed`: this tree's deferfix, go/types asked where a verdict needs it;
- `no-types`: this tree's deferfix with --no-types (the syntactic fallback).

Each `check` runs cold (an empty deferfix cache directory, --no-cache off so the result and
answer caches are written; the go/types helper is built beforehand, its build is printed
on its own) --runs times, best wall time kept; then warm (the same cache, unchanged tree)
three times. Both tools run with their modules' bytecode, as an installed deferfix does. The time the typed run spent in the types service is its `time types` line.

Verdicts: every finding of `today` against `typed` (by file, line, column and rule):
added, removed, applicability up or down, counted by rule and by the reason typed gives;
each change up to safe (from unsafe, report-only or no finding), and every other change of a
rule older than issue 19's, is printed with both why-lines, to be read one by one. Then the shapes of defer-in-loop's scoped-block rewrites
(`deferfix diff --select defer-in-loop`, safe fixes, then with --unsafe-fixes): how many
literals are a plain `func() { … }()`, return one error, a bool that says stop, a (bool,
error) pair, an int with named constants, and any string used as a control code.

--acceptance adds every module bench/acceptance pins (fetched through the module proxy);
--verdicts-only runs each tool once per tree, cold, and prints only the verdicts and shapes
(no timings, no --no-types run); the totals over all trees come last. --same-rules makes this
tree's runs ignore the rules issue 19 added, so that typed and today run the same rules.
Cold runs take the tools in turn, --runs rounds of them.
"""

from __future__ import annotations

import argparse
import collections
import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIRST_TYPED = "Types stage, part 2 of issue 15"
FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z-]+): "
                     r"(?P<message>.*) \[fix: (?P<fix>safe|unsafe|none)\]$")
WHY = re.compile(r"^    why (?:safe|unsafe|report-only): (?P<why>.*)$")
RANK = {"absent": -1, "none": 0, "unsafe": 1, "safe": 2}
# Rules issue 19 added after most bases: their findings are counted, not listed one by one
# (but a change up to safe always is).
NEW_RULES = frozenset({"missing-cancel", "missing-rollback", "missing-close",
                       "deferred-func-result", "exit-skips-defers"})


@dataclass
class Run:
    wall: float
    findings: dict[tuple, tuple[str, str, str]]     # key -> (fix, message, why)
    timings: dict[str, float] = field(default_factory=dict)
    types_line: str = ""


def tool_env(tool: str, cache: str) -> dict[str, str]:
    """The environment of a deferfix run: as an installed deferfix runs, with its modules'
    bytecode (compile_tool wrote it; this machine may set PYTHONDONTWRITEBYTECODE, and
    compiling 130 modules on every start would be most of a warm run)."""
    env = {**os.environ, "PYTHONPATH": tool, "DEFERFIX_CACHE_DIR": cache, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_tool(tool: str) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.join(tool, "codemod"),
                    os.path.join(tool, "transforms")], capture_output=True, check=True)


def check(tool: str, tree: str, cache: str, jobs: int, *flags: str) -> Run:
    env = tool_env(tool, cache)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "codemod.cli", "check", "-v", "--jobs",
                           str(jobs), *flags, tree], capture_output=True, text=True, env=env,
                          cwd=tree)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"deferfix failed ({proc.returncode}): {proc.stderr[-2000:]}")
    findings, last = {}, None
    for line in proc.stdout.splitlines():
        found = FINDING.match(line)
        if found:
            last = (found["path"], int(found["line"]), int(found["col"]), found["rule"])
            findings[last] = (found["fix"], found["message"], "")
            continue
        why = WHY.match(line)
        if why and last is not None:
            fix, message, _ = findings[last]
            findings[last] = (fix, message, why["why"])
    timings = {m.group(1): float(m.group(2))
               for m in re.finditer(r"^time (.+?): ([\d.]+)s$", proc.stderr, re.M)}
    types_line = next((line for line in proc.stderr.splitlines() if "types: " in line
                       and "question" in line), "")
    return Run(wall, findings, timings, types_line)


def today_tool(base: str, into: str) -> str:
    """deferfix at `base`, unpacked into `into`."""
    archive = subprocess.run(["git", "-C", ROOT, "archive", "--format=tar", base],
                             capture_output=True, check=True).stdout
    path = os.path.join(into, "today.tar")
    with open(path, "wb") as handle:
        handle.write(archive)
    with tarfile.open(path) as tar:
        tar.extractall(os.path.join(into, "today"))
    compile_tool(os.path.join(into, "today"))
    return os.path.join(into, "today")


def default_base() -> str:
    sha = subprocess.run(["git", "-C", ROOT, "log", "--format=%H", f"--grep={FIRST_TYPED}",
                          "-n", "1"], capture_output=True, text=True, check=True).stdout.strip()
    if not sha:
        raise SystemExit("cannot find the commit that brought the types stage: pass --base")
    return sha + "^"


def fetch_module(spec: str, into: str) -> str:
    """`go mod download -json PATH@VERSION` (through the module proxy), copied writable."""
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    out = subprocess.run(["go", "mod", "download", "-json", spec], capture_output=True,
                         text=True, env=env, cwd=into, timeout=1800)
    info = json.loads(out.stdout or "{}")
    if out.returncode != 0 or not info.get("Dir"):
        raise SystemExit(f"go mod download {spec} failed: {info.get('Error') or out.stderr}")
    target = os.path.join(into, spec.split("/")[-1].replace("@", "-"))
    shutil.copytree(info["Dir"], target, symlinks=True)
    for directory, _, names in os.walk(target):
        os.chmod(directory, os.stat(directory).st_mode | stat.S_IWUSR)
        for name in names:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)
    # Its dependencies, once, so that the first typed run does not time the download.
    subprocess.run(["go", "mod", "download"], cwd=target, env=env, capture_output=True,
                   timeout=3600)
    return target


def prime_export_data(tree: str) -> None:
    """Go's build cache: export data for every dependency, as the first go vet or go build
    of a module compiles it (a cost of Go's, paid once per dependency version)."""
    start = time.perf_counter()
    subprocess.run(["go", "list", "-e", "-export", "-deps", "-json=ImportPath", "./..."],
                   cwd=tree, capture_output=True, timeout=3600,
                   env={**os.environ, "GOTOOLCHAIN": "local"})
    print(f"  go list -export -deps ./... (Go's build cache, before the runs): "
          f"{time.perf_counter() - start:.2f} s")


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.wall)


def cold(tool: str, tree: str, scratch: str, jobs: int, runs: int, helper_cache: str,
         *flags: str) -> tuple[Run, str]:
    results, cache = [], ""
    for index in range(runs):
        cache = tempfile.mkdtemp(prefix="cache-", dir=scratch)
        for name in os.listdir(helper_cache):       # the built helper, not its answers
            if name.startswith("gotypes-") and "sqlite" not in name:
                shutil.copy2(os.path.join(helper_cache, name), cache)
        results.append(check(tool, tree, cache, jobs, *flags))
    return best(results), cache


TOTALS: collections.Counter = collections.Counter()        # (rule, how, reason) over all trees
SHAPE_TOTALS = {"safe": collections.Counter(), "unsafe": collections.Counter()}  # by shape


def compare(label: str, today: Run, typed: Run, tree: str, total: bool = False) -> None:
    keys = set(today.findings) | set(typed.findings)
    changes = collections.Counter()
    by_reason = collections.Counter()
    upgrades = []
    for key in sorted(keys):
        before = today.findings.get(key, ("absent", "", ""))
        after = typed.findings.get(key, ("absent", "", ""))
        if before[0] == after[0]:
            continue
        rule = key[3]
        if before[0] == "absent":
            kind = "added"
        elif after[0] == "absent":
            kind = "removed"
        else:
            kind = "up" if RANK[after[0]] > RANK[before[0]] else "down"
        how = f"{before[0]}->{after[0]}"
        changes[(rule, kind, how)] += 1
        reason = _reason_class(after[2] or before[2] or after[1] or before[1])
        by_reason[(rule, how, reason)] += 1
        if total:
            TOTALS[(rule, how, reason)] += 1
        if after[0] == "safe" or (rule not in NEW_RULES and kind != "added"):
            upgrades.append((key, before, after))
    print(f"\n{label}: verdicts today {len(today.findings)}, typed {len(typed.findings)}; "
          f"changed {sum(changes.values())}")
    for (rule, kind, how), count in sorted(changes.items()):
        print(f"    {rule:18} {kind:8} {how:16} {count}")
    if by_reason:
        print("  by reason (the typed why-line's first words; the old one for a removed finding):")
        _print_reasons(by_reason)
    for key, before, after in upgrades:
        path = os.path.relpath(key[0], tree) if os.path.isabs(key[0]) else key[0]
        what = "up to safe" if after[0] == "safe" else "changed"
        print(f"  {what}: {path}:{key[1]}:{key[2]} {key[3]} ({before[0]} -> {after[0]})")
        print(f"      today: {before[2] or before[1] or '(no finding)'}")
        print(f"      typed: {after[2] or after[1] or '(no finding)'}")


def _print_reasons(by_reason: collections.Counter) -> None:
    for (rule, how, reason), count in sorted(by_reason.items()):
        print(f"    {rule:18} {how:16} {count:4}  {reason}")


# The literal a scoped-block rewrite adds, by its signature (an added line, not one moved).
SHAPES = [
    ("plain func() { … }()", re.compile(r"^func\(\) \{$")),
    ("one error: if err := func() error", re.compile(
        r"^if \w+ := func\(\) (?:error|\(\w+ error\)) \{$")),
    ("(bool, error) pair", re.compile(r"func\(\) \((?:\w+ )?bool, (?:\w+ )?error\) \{$")),
    ("bool that says stop", re.compile(r"func\(\) (?:bool|\((?:\w+ )?bool(?:, [^)]*)?\)) \{$")),
    ("int with named constants", re.compile(r"func\(\) (?:int|\(int(?:, [^)]*)?\)) \{$")),
]
STRING_CODE = re.compile(r'func\(\) \(?(?:\w+ )?string\b|[=!]= "(?:return|continue|break|goto)'
                         r'|return "(?:return|continue|break)"')


def shapes(tool: str, tree: str, cache: str, jobs: int, *flags: str) -> collections.Counter:
    """The scoped-block literals defer-in-loop's fixes add, by shape."""
    env = tool_env(tool, cache)
    proc = subprocess.run([sys.executable, "-m", "codemod.cli", "diff", "--select",
                           "defer-in-loop", "--jobs", str(jobs), *flags, tree],
                          capture_output=True, text=True, env=env, cwd=tree)
    counts: collections.Counter = collections.Counter()
    removed: collections.Counter = collections.Counter()
    for line in proc.stdout.splitlines():
        if line.startswith("@@"):
            removed = collections.Counter()
        elif line.startswith("-") and not line.startswith("---"):
            removed[line[1:].strip()] += 1
        elif line.startswith("+") and not line.startswith("+++"):
            text = line[1:].strip()
            if removed[text]:
                removed[text] -= 1          # a line of the body, moved into the literal
                continue
            if STRING_CODE.search(text):
                counts["STRING CONTROL CODE"] += 1
            for name, pattern in SHAPES:
                if pattern.search(text):
                    counts[name] += 1
                    break
    return counts


def report_shapes(label: str, tool: str, tree: str, cache: str, jobs: int) -> None:
    safe = shapes(tool, tree, cache, jobs)
    every = shapes(tool, tree, cache, jobs, "--unsafe-fixes")
    unsafe = every - safe
    SHAPE_TOTALS["safe"] += safe
    SHAPE_TOTALS["unsafe"] += unsafe
    print(f"\n{label}: defer-in-loop's scoped-block literals by shape (safe fixes; unsafe ones)")
    _print_shapes(safe, unsafe)


def _print_shapes(safe: collections.Counter, unsafe: collections.Counter) -> None:
    for name in [n for n, _ in SHAPES] + ["STRING CONTROL CODE"]:
        print(f"    {name:36} {safe[name]:4}  {unsafe[name]:4}")


def _reason_class(why: str) -> str:
    words = re.sub(r"\(types were not available:.*?\)", "(types n/a)", why)
    return " ".join(words.split()[:9])


def report_times(label: str, runs: dict[str, Run], warm: dict[str, Run]) -> None:
    base = runs["today"].wall
    print(f"\n{label}: cold check, best of the runs (wall s, ratio to today)")
    for name, run in runs.items():
        types = run.timings.get("types")
        extra = f", types service {types:.2f} s" if types is not None else ""
        print(f"    {name:9} {run.wall:7.2f} s  x{run.wall / base:4.2f}{extra}")
        if run.types_line:
            print(f"              {run.types_line.removeprefix('deferfix: ')}")
    print(f"{label}: warm rerun (same cache, unchanged tree), best of 3")
    for name, run in warm.items():
        hits = run.timings.get("cache lookup")
        print(f"    {name:9} {run.wall:7.2f} s" + (f"  (cache lookup {hits:.2f} s)" if hits else ""))


def bench_tree(label: str, tree: str, today: str, scratch: str, jobs: int, runs: int,
               helper_cache: str, verdicts_only: bool = False,
               ours: tuple[str, ...] = ()) -> None:
    print(f"\n== {label}: {tree}")
    prime_export_data(tree)
    if verdicts_only:
        before, _ = cold(today, tree, scratch, jobs, 1, helper_cache)
        after, cache = cold(ROOT, tree, scratch, jobs, 1, helper_cache, *ours)
        compare(f"{label}: today ({os.path.basename(today)} at the base revision) against typed",
                before, after, tree, total=True)
        report_shapes(label, ROOT, tree, cache, jobs)
        return
    tools = (("today", today, ()), ("typed", ROOT, ours),
             ("no-types", ROOT, ("--no-types", *ours)))
    each: dict[str, list[tuple[Run, str]]] = collections.defaultdict(list)
    for _ in range(runs):                   # the tools in turn, so that load hits them alike
        for name, tool, flags in tools:
            each[name].append(cold(tool, tree, scratch, jobs, 1, helper_cache, *flags))
            print(f"  {name}: {each[name][-1][0].wall:.2f} s cold", flush=True)
    cold_runs = {name: min(each[name], key=lambda pair: pair[0].wall)[0] for name in each}
    caches = {name: min(each[name], key=lambda pair: pair[0].wall)[1] for name in each}
    warm = {}
    for name, tool, flags in tools[:2]:
        warm[name] = best([check(tool, tree, caches[name], jobs, *flags) for _ in range(3)])
        if warm[name].findings != cold_runs[name].findings:
            print(f"  WARNING {name}: the warm run's verdicts differ from the cold run's")
    report_times(label, cold_runs, warm)
    compare(f"{label}: --no-types (the fallback) against typed, one tool", cold_runs["no-types"],
            cold_runs["typed"], tree)
    compare(f"{label}: today ({os.path.basename(today)} at the base revision) against typed "
            f"(also every other change since the base)", cold_runs["today"], cold_runs["typed"],
            tree, total=True)
    report_shapes(label, ROOT, tree, caches["typed"], jobs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", help="the revision that is 'today' (default: before the "
                                       "types stage)")
    parser.add_argument("--module", default="code.gitea.io/gitea@v1.26.0")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-goroot", action="store_true")
    parser.add_argument("--acceptance", action="store_true",
                        help="also every module bench/acceptance pins")
    parser.add_argument("--same-rules", action="store_true",
                        help="this tree's runs ignore the rules issue 19 added (the cost of "
                             "go/types on the base's rule set)")
    parser.add_argument("--verdicts-only", action="store_true",
                        help="one cold run per tool and tree; verdicts and shapes, no timings")
    args = parser.parse_args()
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="deferfix-bench-verdicts-") as scratch:
        today = today_tool(args.base or default_base(), scratch)
        compile_tool(ROOT)
        helper_cache = os.path.join(scratch, "helper")
        sys.path.insert(0, ROOT)
        from codemod.analysis.gotypes import helper as gohelper
        start = time.perf_counter()
        gohelper.ensure_helper(helper_cache)
        print(f"go/types helper, first build: {time.perf_counter() - start:.2f} s")
        trees = [] if args.no_goroot else [("GOROOT/src", os.path.join(goroot, "src"))]
        if args.module and os.path.isdir(args.module):
            trees.append((args.module, os.path.abspath(args.module)))
        elif args.module:
            trees.append((args.module, fetch_module(args.module, scratch)))
        if args.acceptance:
            for spec in acceptance_modules():
                trees.append((spec, fetch_module(spec, scratch)))
        for label, tree in trees:
            bench_tree(label, tree, today, scratch, args.jobs, args.runs, helper_cache,
                       args.verdicts_only,
                       ("--ignore", ",".join(sorted(NEW_RULES))) if args.same_rules else ())
        if len(trees) > 1:
            print(f"\n== every tree ({len(trees)}): verdict changes, today -> typed, by rule, "
                  f"change and reason")
            _print_reasons(TOTALS)
            print("every tree: defer-in-loop's scoped-block literals by shape (safe; unsafe)")
            _print_shapes(SHAPE_TOTALS["safe"], SHAPE_TOTALS["unsafe"])


def acceptance_modules() -> list[str]:
    """PATH@VERSION of every module bench/acceptance pins."""
    loader = importlib.machinery.SourceFileLoader("acceptance", os.path.join(HERE, "acceptance"))
    spec = importlib.util.spec_from_loader("acceptance", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return [f"{path}@{version}" for _, path, version in module.MODULES]


if __name__ == "__main__":
    main()
