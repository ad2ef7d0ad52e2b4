"""What the differential oracles share (tests/test_differential*.py and the fuzz scripts).

Each oracle writes corpus programs into Go modules, one package per case, fixes some copies
with deferfix and runs every copy. This module holds the common parts: a program's
`// differential: key=value` header and its `// want:` annotations, running deferfix for its
JSON report, sorting findings and rejections by case package, and building one driver binary
per module that runs a case package's `Main` by key (one build instead of one per case).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from codemod.cli import main

# CGO_ENABLED=0: a driver links every program of a session into one binary, and one that
# imports net (httptest, net/http) would link runtime/cgo, which turns off the runtime's
# "all goroutines are asleep" check: the deadlock cases would hang until the timeout.
GO_ENV = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod", CGO_ENABLED="0")
_HEADER = re.compile(rb"^// differential:(.*)$", re.M)


def case_package(name: str) -> str:
    """The Go package a case is written to."""
    return "c_" + re.sub(r"\W", "_", name)


def read_header(text: bytes, allowed: tuple[str, ...] | None = None) -> dict[str, str]:
    """The `key=value` items of a program's `// differential:` line."""
    header = _HEADER.search(text)
    items = dict(item.split("=", 1) for item in header.group(1).decode().split()) \
        if header else {}
    unknown = [key for key in items if allowed is not None and key not in allowed]
    assert not unknown, f"unknown header keys {unknown}"
    return items


def read_wants(text: bytes, pattern: re.Pattern[bytes]) -> dict[int, list[str]]:
    """Line number -> the sorted applicabilities its `// want:` annotation expects."""
    wants = {}
    for number, line in enumerate(text.splitlines(), 1):
        want = pattern.search(line)
        if want:
            wants[number] = sorted(w.strip() for w in want.group(1).decode().split(","))
    return wants


def deferfix(command: str, rules: str, roots: list[Path], *extra: str) -> dict:
    """`deferfix COMMAND --select RULES --format json` on `roots`, in this process."""
    assert roots, "no module to run on (without paths deferfix would fix the working directory)"
    result = CliRunner().invoke(main, [command, "--select", rules, "--format", "json",
                                       "--no-cache", "--quiet", *extra, *map(str, roots)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    payload = json.loads(result.stdout)
    assert not payload["errors"], payload["errors"]
    return payload


def by_package(*payloads: dict) -> tuple[dict[str, list[dict]], dict[str, list[str]]]:
    """The findings of the first payload and the rejected fixes of all, by case package."""
    findings: dict[str, list[dict]] = {}
    for finding in payloads[0]["findings"] if payloads else ():
        findings.setdefault(Path(finding["path"]).parent.name, []).append(finding)
    rejected: dict[str, list[str]] = {}
    for payload in payloads:
        for rejection in payload["rejected"]:
            finding = rejection["finding"]
            rejected.setdefault(Path(finding["path"]).parent.name, []).append(
                f"line {finding['line']}: {rejection['reason']}")
    return findings, rejected


def build_driver(root: Path, packages: list[tuple[str, str]]) -> Path:
    """Turn each package (a path below `root`, with its key) from `main` into a library and
    build one binary that runs the package of the key given as its argument."""
    module = (root / "go.mod").read_text().split()[1]
    imports, entries = [], []
    for index, (relative, key) in enumerate(packages):
        directory = root / relative
        for source in directory.glob("*.go"):
            text = source.read_bytes()
            text = re.sub(rb"^package main\b", b"package " + directory.name.encode(), text,
                          count=1, flags=re.M)
            text = re.sub(rb"^func main\(\)", b"func Main()", text, count=1, flags=re.M)
            source.write_bytes(text)
        imports.append(f'\tc{index} "{module}/{relative}"')
        entries.append(f'\t"{key}": c{index}.Main,')
    (root / "driver").mkdir()
    (root / "driver" / "main.go").write_text(
        "package main\n\nimport (\n\t\"os\"\n\n" + "\n".join(imports) + "\n)\n\n"
        "var cases = map[string]func(){\n" + "\n".join(entries) + "\n}\n\n"
        "func main() { cases[os.Args[1]]() }\n")
    binary = root / "driver.bin"
    # -trimpath: the packages' build IDs no longer hold the session's temporary directory, so
    # a package whose text an earlier session built already comes from Go's build cache (a
    # driver of the differential corpus: 14 CPU-s of compiling, 0.5 s from the cache); no
    # program prints a file path. -s -w: no symbol table or DWARF in the binary.
    proc = subprocess.run(["go", "build", "-trimpath", "-ldflags=-s -w", "-o", str(binary),
                           "./driver"], cwd=root,
                          capture_output=True, text=True, env=GO_ENV, timeout=600)
    assert proc.returncode == 0, f"{root.name}: {proc.stderr}"
    return binary


def run(binary: Path, key: str, timeout: float = 60) -> str:
    """What the case prints, with `[exit N: first stderr line]` or `[timeout]` after it."""
    try:
        proc = subprocess.run([str(binary), key], capture_output=True, text=True,
                              timeout=timeout, env=dict(os.environ, GOMAXPROCS="2"))
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout.decode() if isinstance(expired.stdout, bytes) else ""
        return out + "[timeout]\n"
    if proc.returncode == 0:
        return proc.stdout
    first = proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else ""
    return proc.stdout + f"[exit {proc.returncode}: {first}]\n"
