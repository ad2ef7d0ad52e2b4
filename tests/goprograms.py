"""Go programs and packages built once for a whole test session, per language version.

`go run` of each program compiles and links it on its own; the golden cases run about 450
of them. `Programs` puts every program a session asks for into one module per `go` line and
links one driver binary that runs any of them by name; `Packages` checks many packages with
one `go vet ./...` and one `go build ./...` per `go` line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from differential import build_driver

ENV = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod")


@dataclass
class Run:
    stdout: str
    stderr: str
    code: int


class Programs:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._wanted: dict[tuple, str] = {}   # (go line, files) -> name
        self._built: dict[str, Path] = {}
        self._errors: dict[str, str] = {}

    def add(self, files: dict[str, bytes], go_line: str) -> str:
        """Ask for a program (its files by name; built with the next `build`); its name."""
        key = (go_line, tuple(sorted(files.items())))
        if key not in self._wanted:
            self._wanted[key] = f"p{len(self._wanted)}"
        return self._wanted[key]

    def build(self) -> None:
        """One driver binary per `go` line that runs any of its programs by name (each
        program a package of its own, `main` renamed `Main`: tests/differential.py)."""
        groups: dict[str, list[tuple[str, tuple]]] = {}
        for (go_line, files), name in self._wanted.items():
            if name not in self._built and name not in self._errors:
                groups.setdefault(go_line, []).append((name, files))
        for go_line, programs in groups.items():
            module = _module(self.root / "build", go_line, programs)
            try:
                binary = build_driver(module, [(name, name) for name, _ in programs])
            except AssertionError as failed:
                self._errors.update((name, str(failed)) for name, _ in programs)
                continue
            self._built.update((name, binary) for name, _ in programs)

    def run(self, name: str, cwd: Path) -> Run:
        if name not in self._built:
            self.build()
        if name not in self._built:
            raise AssertionError(f"the program did not build:\n{self._errors.get(name, '')}")
        cwd.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run([str(self._built[name]), name], cwd=cwd, capture_output=True,
                              text=True, env=ENV, timeout=300)
        return Run(proc.stdout, proc.stderr, proc.returncode)


class Packages:
    """Go packages checked once for a session: `go vet ./...` and `go build ./...` per `go`
    line over all of them; only a module that fails is checked again package by package, to
    say which one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._wanted: dict[tuple, str] = {}
        self._problems: dict[str, str] | None = None

    def add(self, files: dict[str, bytes], go_line: str) -> str:
        """Ask for a package (its files by name); its name."""
        key = (go_line, tuple(sorted(files.items())))
        if key not in self._wanted:
            self._wanted[key] = f"p{len(self._wanted)}"
        return self._wanted[key]

    def problems(self, name: str) -> str:
        """What go vet or go build said of the package ("" when both pass)."""
        if self._problems is None:
            self._problems = self._check()
        return self._problems[name]

    def _check(self) -> dict[str, str]:
        groups: dict[str, list[tuple[str, tuple]]] = {}
        for (go_line, files), name in self._wanted.items():
            groups.setdefault(go_line, []).append((name, files))
        found = {}
        for go_line, packages in groups.items():
            module = _module(self.root / "vet", go_line, packages)
            if not _go_problems(module, "./..."):
                found.update((name, "") for name, _ in packages)
                continue
            for name, _ in packages:
                found[name] = _go_problems(module, "./" + name)
        return found


def _go_problems(module: Path, pattern: str) -> str:
    # -ldflags=-s -w: each main package is still linked (a link error still fails), without
    # the symbol table and DWARF nobody reads: about half of go build's CPU time here.
    build = ["go", "build", "-ldflags=-s -w"]
    for argv in (["go", "vet", pattern], [*build, "-o", os.devnull, pattern]
                 if pattern != "./..." else [*build, pattern]):
        proc = subprocess.run(argv, cwd=module, capture_output=True, text=True, env=ENV,
                              timeout=900)
        if proc.returncode != 0:
            return f"{' '.join(argv)}: {proc.stderr}"
    return ""


def _module(parent: Path, go_line: str, packages: list[tuple[str, tuple]]) -> Path:
    """A module with this `go` line and one package `main` per (name, files)."""
    module = parent / go_line.replace(" ", "").replace(".", "_")
    shutil.rmtree(module, ignore_errors=True)
    module.mkdir(parents=True)
    (module / "go.mod").write_text(f"module golden\n\n{go_line}\n")
    for name, files in packages:
        (module / name).mkdir()
        for file_name, source in files:
            (module / name / file_name).write_bytes(source)
    return module


def go_line(case: Path) -> str:
    """The `go` line of a golden case's go.mod ("go 1.22")."""
    match = re.search(r"^go\s+\S+", (case / "go.mod").read_text(), re.MULTILINE)
    assert match, f"{case}/go.mod has no go line"
    return match.group(0)
