"""Run a command with a pseudo-terminal as its stdin, stdout and stderr, as a person would."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Sequence


@dataclass
class Screen:
    returncode: int
    text: str          # everything written to the terminal, escape codes included


def deferfix_in_terminal(args: Sequence[str], cwd: str, answers: Sequence[str | bytes] = (),
                         env: dict | None = None, timeout: float = 300) -> Screen:
    """Run `python -m codemod.cli ARGS` on a pty; type each answer after each prompt."""
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update({"TERM": "xterm", "COLUMNS": "100", **(env or {})})
    proc = subprocess.Popen([sys.executable, "-m", "codemod.cli", *args], cwd=cwd,
                            stdin=slave, stdout=slave, stderr=slave, env=full_env,
                            close_fds=True)
    os.close(slave)
    chunks: list[bytes] = []
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
                if pending and b"[q]uit" in b"".join(chunks).split(b"\n")[-1]:
                    answer = pending.pop(0)
                    os.write(master, (answer if isinstance(answer, bytes)
                                      else answer.encode()) + b"\r")
            elif proc.poll() is not None:
                break
    finally:
        os.close(master)
    proc.wait(timeout=max(1, deadline - time.monotonic()))
    return Screen(proc.returncode, b"".join(chunks).decode("utf-8", "replace"))
