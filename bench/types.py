#!/usr/bin/env python3
"""What the go/types service costs over a large tree. Prints figures; not a test.

Usage: python3 bench/types.py [TREE] [--jobs N] [--per-package] [--with-tests]

TREE defaults to $(go env GOROOT)/src (the module `std`). Figures:
- the helper's cold build (an empty cache directory; Go's build cache as it is),
- `go list -e -json -export -deps` over the tree's packages (export data, warm build cache),
- the service over every package holding a file with a `defer`: the questions a rule would
  ask at each defer (the deferred call, its callee's identifier, the method set of a
  method call's receiver), in one batch (one helper process), then again with the answer
  cache warm; with --per-package also one process per package.
The helper's own timings (go list, export, parse, type-check, answering) are summed over its
processes; type-check and parse are CPU seconds over --jobs workers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import tree_sitter  # noqa: E402
import tree_sitter_golang  # noqa: E402

from codemod.analysis.gotypes import PackageQuestions, Question, TypesService  # noqa: E402
from codemod.analysis.gotypes import helper as gohelper  # noqa: E402
from codemod.discovery import discover  # noqa: E402


def defer_questions(parser: tree_sitter.Parser, text: bytes) -> list[Question]:
    questions = []
    stack = [parser.parse(text).root_node]
    while stack:
        node = stack.pop()
        if node.type == "defer_statement":
            call = next((c for c in node.named_children if c.type == "call_expression"), None)
            if call is not None:
                questions.append(Question("call", call.start_byte, call.end_byte))
                function = call.child_by_field_name("function")
                if function is not None and function.type == "selector_expression":
                    operand = function.child_by_field_name("operand")
                    field = function.child_by_field_name("field")
                    if field is not None:
                        questions.append(Question("ident", field.start_byte))
                    if operand is not None:
                        questions.append(Question("methods", operand.start_byte, operand.end_byte))
                elif function is not None and function.type == "identifier":
                    questions.append(Question("ident", function.start_byte))
        stack.extend(node.children)
    return questions


def gather(tree: str, with_tests: bool) -> list[PackageQuestions]:
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_golang.language()))
    packages: dict[str, PackageQuestions] = {}
    for path in discover([tree]).files:
        path = os.path.abspath(str(path))
        if not path.endswith(".go") or (not with_tests and path.endswith("_test.go")):
            continue
        with open(path, "rb") as handle:
            text = handle.read()
        if b"defer" not in text:
            continue
        questions = defer_questions(parser, text)
        if questions:
            pq = packages.setdefault(os.path.dirname(path), PackageQuestions(os.path.dirname(path)))
            pq.files[path] = (text, questions)
    return list(packages.values())


def count(answers: dict) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for per_file in answers.values():
        for answer in per_file:
            name = type(answer).__name__
            if name == "Unavailable":
                name += f"({answer.cause})"
            kinds[name] = kinds.get(name, 0) + 1
    return kinds


def report(label: str, wall: float, service: TypesService, answers: dict) -> None:
    s = service.stats
    helper = ", ".join(f"{k} {v:.2f}" for k, v in sorted(s.timings.items()))
    print(f"{label}: {wall:.2f} s wall, {s.processes} helper process(es), "
          f"{s.packages_checked} packages checked, {s.packages_cached} from the cache, "
          f"{s.questions} questions -> {count(answers)}")
    print(f"    helper timings (s): {helper}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tree", nargs="?")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--per-package", action="store_true")
    parser.add_argument("--with-tests", action="store_true")
    args = parser.parse_args()
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True).stdout.strip()
    tree = os.path.abspath(args.tree or os.path.join(goroot, "src"))
    module_dir = tree

    with tempfile.TemporaryDirectory(prefix="deferfix-bench-types-") as cache:
        start = time.perf_counter()
        gohelper.ensure_helper(cache)
        print(f"helper build (cold deferfix cache): {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        gohelper.ensure_helper(cache)
        print(f"helper lookup (built): {1000 * (time.perf_counter() - start):.1f} ms")

        start = time.perf_counter()
        subprocess.run(["go", "list", "-e", "-json=ImportPath,Export", "-export", "-deps", "./..."],
                       cwd=tree, capture_output=True, env={**os.environ, "GOTOOLCHAIN": "local"})
        print(f"go list -e -export -deps ./... (build cache as it is): {time.perf_counter() - start:.2f} s")

        start = time.perf_counter()
        packages = gather(tree, args.with_tests)
        files = sum(len(p.files) for p in packages)
        print(f"gathering questions (tree-sitter): {time.perf_counter() - start:.2f} s, "
              f"{len(packages)} packages, {files} files")

        with TypesService(cache_dir=cache, jobs=args.jobs) as service:
            start = time.perf_counter()
            answers = service.ask_module(module_dir, packages)
            report("one batch, cold answer cache", time.perf_counter() - start, service, answers)
        with TypesService(cache_dir=cache, jobs=args.jobs) as service:
            start = time.perf_counter()
            answers = service.ask_module(module_dir, packages)
            report("one batch, warm answer cache", time.perf_counter() - start, service, answers)
        if args.per_package:
            with TypesService(cache_dir=cache, jobs=args.jobs, use_cache=False) as service:
                start = time.perf_counter()
                answers = {}
                for pq in packages:
                    answers.update(service.ask_module(module_dir, [pq]))
                report("one process per package, no cache", time.perf_counter() - start, service, answers)


if __name__ == "__main__":
    main()
