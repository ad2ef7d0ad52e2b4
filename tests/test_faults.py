"""Faults while running (issue 12, part B): code nested deeper than a recursive walk can go,
a rule that raises, a traceback that escapes, signals to a running check or apply, and the
toolchain only partly there. Every test runs the real CLI in a process over real files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from test_engine import module

SOURCE_ROOT = Path(__file__).resolve().parent.parent


def deferfix(*args: str, cwd: Path, env: dict | None = None, timeout: float = 600,
             **kwargs) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": f"{SOURCE_ROOT}{os.pathsep}{SOURCE_ROOT / 'tests'}",
                **(env or {})}
    return subprocess.run([sys.executable, "-m", "codemod.cli", *args, "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=full_env,
                          **kwargs)


LOOP = """for _, name := range names {
f, err := os.Open(name)
if err != nil {
return
}
defer f.Close()
}
"""


def nested(package: str, opening: str, closing: str, depth: int) -> str:
    """A function whose loop with a defer sits `depth` levels deep."""
    return (f"package {package}\n\nimport \"os\"\n\nfunc Deep(names []string, n int) {{\n"
            + opening * depth + LOOP + closing * depth + "}\n")


def defer_line(text: str) -> int:
    return text[:text.index("defer f.Close()")].count("\n") + 1


# --- 1. deep nesting ----------------------------------------------------------------------

def test_deep_nesting_is_analysed_next_to_a_finding_in_another_file(tmp_path):
    ifs = nested("ifs", "if n > 0 {\n", "}\n", 200)
    blocks = nested("blocks", "{\n", "}\n", 500)
    flat = nested("flat", "", "", 0)
    root = module(tmp_path, {"ifs/ifs.go": ifs, "blocks/blocks.go": blocks,
                             "flat/flat.go": flat})
    vet = subprocess.run(["go", "vet", "./..."], cwd=root, capture_output=True, text=True)
    assert vet.returncode == 0, vet.stderr   # Go accepts both depths
    proc = deferfix("check", ".", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr
    findings = re.findall(r"^(\S+):(\d+):\d+: (\S+): (.*?) \[fix: (\w+)\]$", proc.stdout, re.M)
    assert [(path, int(line)) for path, line, *_ in findings] == [
        ("blocks/blocks.go", defer_line(blocks)), ("flat/flat.go", defer_line(flat)),
        ("ifs/ifs.go", defer_line(ifs))]
    # Analysed as the flat copy is: the same rule, message and fix.
    assert len({tuple(rest) for _, _, *rest in findings}) == 1
