#!/usr/bin/env python3
"""Verification time against one `go vet` of the same packages. Prints figures.

Not a test. Usage: python3 bench/verify.py [MODULE_DIR] [--packages N] [--runs N]

Without MODULE_DIR a module is generated: N packages (default 24) of five files each, one of
them with a fixable defect (`mu.Lock(); defer mu.Lock()`), the others ordinary code. Every run
gets fresh content (a new constant in every file), so go vet's cache cannot answer for either
side: each run copies the tree twice with the same new constant, times `deferfix`'s
verification (gofmt, the overlay go vet and, only when that reports something, the baseline)
on one copy, and one `go vet ./...` of the same packages on the other. With MODULE_DIR (a
real module whose dependencies are in the module cache) that tree is used, and the constant
is appended to each package's first file.

The figure to read is the ratio verify / go vet (target: at most 1.3 when no changed file has
a diagnostic), and the number of go vet runs deferfix made (1 when nothing is reported).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from codemod.runner import Options, run  # noqa: E402
from codemod.verify import go_env  # noqa: E402

BUGGY = """\
package {name}

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

var mu sync.Mutex

// Registry keeps names under a lock.
type Registry struct {{
	names map[string]int
}}

// Add takes the lock and, by mistake, takes it again at exit.
func (r *Registry) Add(name string) {{
	mu.Lock()
	defer mu.Lock()
	r.names[strings.ToLower(name)]++
}}

// Sorted lists the names.
func (r *Registry) Sorted() []string {{
	out := make([]string, 0, len(r.names))
	for name := range r.names {{
		out = append(out, fmt.Sprintf("%s=%d", name, r.names[name]))
	}}
	sort.Strings(out)
	return out
}}
"""

PLAIN = """\
package {name}

import (
	"errors"
	"fmt"
	"strconv"
)

// Item{i} is a value of file {i}.
type Item{i} struct {{
	ID    int
	Name  string
	Price float64
}}

// Parse{i} reads an item from "id,name,price".
func Parse{i}(fields []string) (Item{i}, error) {{
	if len(fields) != 3 {{
		return Item{i}{{}}, errors.New("want three fields")
	}}
	id, err := strconv.Atoi(fields[0])
	if err != nil {{
		return Item{i}{{}}, fmt.Errorf("id: %w", err)
	}}
	price, err := strconv.ParseFloat(fields[2], 64)
	if err != nil {{
		return Item{i}{{}}, fmt.Errorf("price: %w", err)
	}}
	return Item{i}{{ID: id, Name: fields[1], Price: price}}, nil
}}

// String formats the item.
func (it Item{i}) String() string {{
	return fmt.Sprintf("%d %s %.2f", it.ID, it.Name, it.Price)
}}
"""


def generate(root: str, packages: int) -> None:
    os.makedirs(root)
    with open(os.path.join(root, "go.mod"), "w") as handle:
        handle.write("module example.com/benchverify\n\ngo 1.22\n")
    for p in range(packages):
        name = f"pkg{p:02d}"
        directory = os.path.join(root, name)
        os.makedirs(directory)
        with open(os.path.join(directory, "registry.go"), "w") as handle:
            handle.write(BUGGY.format(name=name))
        for i in range(4):
            with open(os.path.join(directory, f"item{i}.go"), "w") as handle:
                handle.write(PLAIN.format(name=name, i=i))


def freshen(root: str, nonce: str) -> list[str]:
    """Add a constant holding `nonce` to one file of each package; the package dirs."""
    dirs = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [d for d in subdirs if not d.startswith((".", "_")) and d != "testdata"]
        sources = sorted(f for f in files if f.endswith(".go") and not f.endswith("_test.go"))
        if not sources:
            continue
        dirs.append(directory)
        with open(os.path.join(directory, sources[0]), "a") as handle:
            handle.write(f'\nconst benchNonce{nonce} = "{nonce}"\n')
    return dirs


def one_run(source: str, work: str) -> dict:
    nonce = secrets.token_hex(6)
    copies = []
    for side in ("deferfix", "vet"):
        copy = os.path.join(work, f"{side}-{nonce}")
        shutil.copytree(source, copy, symlinks=True)
        freshen(copy, nonce)
        copies.append(copy)
    result = run(Options(paths=[copies[0]], jobs=0))
    started = time.perf_counter()
    proc = subprocess.run(["go", "vet", "./..."], cwd=copies[1], env=go_env(),
                          capture_output=True)
    vet = time.perf_counter() - started
    for copy in copies:
        shutil.rmtree(copy)
    return {"verify": result.timings.get("verify", 0.0), "vet": vet,
            "vet_runs": result.vet_invocations, "baselines": result.baseline_invocations,
            "fixes": sum(len(c.applied) for c in result.changes),
            "files": len(result.changes), "rejected": len(result.rejected),
            "vet_exit": proc.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", nargs="?")
    parser.add_argument("--packages", type=int, default=24)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="deferfix-bench-verify-") as work:
        source = args.module
        if source is None:
            source = os.path.join(work, "module")
            generate(source, args.packages)
        # Warm the standard library's export data for both sides (not what is measured).
        subprocess.run(["go", "vet", "./..."], cwd=source, env=go_env(), capture_output=True)
        runs = [one_run(source, work) for _ in range(args.runs)]
    print(f"module: {args.module or f'generated, {args.packages} packages x 5 files'}")
    print(f"fixes verified per run: {runs[0]['fixes']} in {runs[0]['files']} files, "
          f"{runs[0]['rejected']} rejected; go vet runs by deferfix: "
          f"{runs[0]['vet_runs']} ({runs[0]['baselines']} baseline)")
    print("| run | deferfix verify s | go vet ./... s | ratio |")
    print("|---|---:|---:|---:|")
    for n, r in enumerate(runs, 1):
        print(f"| {n} | {r['verify']:.2f} | {r['vet']:.2f} | {r['verify'] / r['vet']:.2f} |")
    ratio = statistics.median(r["verify"] / r["vet"] for r in runs)
    print(f"median ratio verify / go vet: {ratio:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
