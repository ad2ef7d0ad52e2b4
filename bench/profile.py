#!/usr/bin/env python3
"""Where the time of a cold `deferfix check` goes, in CPU seconds. Prints a table; not a test.

Usage: python3 bench/profile.py [TREE]     (default: $(go env GOROOT)/src)

Runs discovery, the job list and the per-file analysis in this one process (no pool, no
cache) and splits the CPU time into: discovery, building jobs (config lookups), reading and
byte-filtering, tree-sitter parsing (the file's own parse and the parses of package siblings
that package-level rules ask for), each rule's find() (its queries and Python walks, without
nested parses), suppressions and the rest of analyze(). Then it times pickling the results,
which a pooled run pays to bring results back to the main process.
"""

from __future__ import annotations

import collections
import os
import pickle
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from codemod import analyze, discovery, parsing, registry, runner, suppress  # noqa: E402
from codemod.analysis.package import Directory  # noqa: E402

spent: collections.Counter = collections.Counter()
calls: collections.Counter = collections.Counter()
_stack: list[list[float]] = []   # per active timer: [start, time spent in nested timers]


def timed(label: str, func):
    """Wrap `func` so its CPU time, minus nested timed calls, is charged to `label`."""
    def wrapper(*args, **kwargs):
        _stack.append([time.process_time(), 0.0])
        try:
            return func(*args, **kwargs)
        finally:
            start, nested = _stack.pop()
            total = time.process_time() - start
            spent[label] += total - nested
            calls[label] += 1
            if _stack:
                _stack[-1][1] += total
    return wrapper


def main() -> int:
    tree = sys.argv[1] if len(sys.argv) > 1 else os.path.join(subprocess.run(
        ["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip(),
        "src")
    options = runner.Options(paths=[tree], fix=False)

    parsing.parse = timed("parse (tree-sitter)", parsing.parse)
    for transform in registry.all_transforms():
        object.__setattr__(transform, "find", timed(f"rule {transform.rule.id}",
                                                    transform.find))
    suppress.parse = timed("suppressions", suppress.parse)
    analyze.is_generated = timed("generated check", analyze.is_generated)

    start = time.process_time()
    found = discovery.discover([tree])
    spent["discovery"] = time.process_time() - start
    start = time.process_time()
    modules = runner.transform_modules(options)
    jobs = runner._jobs_for(options, found.files, modules)
    spent["jobs (config)"] = time.process_time() - start
    analysed = timed("analyze: read, filter, rest", analyze.analyze)
    wall = time.perf_counter()
    results = []
    shared: dict = {}     # Directory.shared: what a worker keeps across directories
    for group in runner._packages(jobs, len(jobs)):   # one directory at a time, as a worker
        directory = Directory(os.path.dirname(group[0].path), shared=shared)
        results += [analysed(job, directory) for job in group]
        parsing.forget()
    wall = time.perf_counter() - wall
    start = time.process_time()
    pickled = sum(len(pickle.dumps(r, pickle.HIGHEST_PROTOCOL)) for r in results)
    pickled += sum(len(pickle.dumps(j, pickle.HIGHEST_PROTOCOL)) for j in jobs)
    spent["pickling jobs and results"] = time.process_time() - start

    parsed = sum(1 for r in results if not r.skipped and not r.error)
    total = sum(spent.values())
    print(f"corpus: {tree}: {len(jobs)} files, {parsed} parsed "
          f"({calls['parse (tree-sitter)']} parses with package siblings), "
          f"{sum(len(r.findings) for r in results)} findings")
    print(f"analysis in one process: {wall:.2f} s wall; pickled traffic {pickled / 1e6:.1f} MB\n")
    print(f"{'where':36s} {'cpu s':>7s} {'share':>6s} {'calls':>7s}")
    for label, seconds in spent.most_common():
        print(f"{label:36s} {seconds:7.2f} {seconds / total:6.0%} {calls[label] or '':>7}")
    print(f"{'total':36s} {total:7.2f}")
    print(f"\non {os.cpu_count()} cores the analysis alone needs >= "
          f"{(total - spent['discovery'] - spent['jobs (config)']) / (os.cpu_count() or 1):.2f} "
          f"s wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
