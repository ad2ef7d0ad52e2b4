"""Stopping a run on a signal, and nothing left behind.

SIGINT (Ctrl-C), SIGTERM and SIGHUP raise `Interrupted` in the main process (Ctrl-C's own
KeyboardInterrupt is one too), so that every `with` and `finally` on the way out runs: the
worker processes are killed, go and gofmt and whatever they started are killed by process
group, temporary files and directories go. The command then exits 128 + the signal's number
(130 for Ctrl-C). `apply` writes each file with these signals held (`held`): an interrupt
waits for the write in progress, so every file is old or new, and apply can name the ones
it wrote.

Worker processes ignore SIGINT (a terminal sends Ctrl-C to the whole process group; the
parent decides) and, on Linux, ask the kernel for SIGKILL when their parent dies
(prctl PR_SET_PDEATHSIG): even a parent killed with SIGKILL leaves no worker running.
"""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager
from typing import Iterator

STOPPING = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None),
                             getattr(signal, "SIGHUP", None)) if s is not None)


class Interrupted(KeyboardInterrupt):
    """A signal that stops the run (a KeyboardInterrupt, so that what handles Ctrl-C handles
    SIGTERM and SIGHUP alike)."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def exit_code(exc: KeyboardInterrupt) -> int:
    return exc.exit_code if isinstance(exc, Interrupted) else 128 + signal.SIGINT


def _raise(signum: int, frame) -> None:
    raise Interrupted(signum)


def install() -> None:
    """In the main process: each stopping signal raises `Interrupted` (SIGINT too, in place
    of the plain KeyboardInterrupt). A signal the parent ignored (nohup) stays ignored."""
    for signum in STOPPING:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _raise)


@contextmanager
def held() -> Iterator[None]:
    """Hold the stopping signals for the time of the `with` (one file's write): one that
    comes meanwhile is raised as soon as it ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def worker_start(parent: int) -> None:
    """The initializer of a worker process: ignore Ctrl-C, die by SIGTERM's default action
    (not the parent's handler, which forked processes inherit), and die with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOPPING[1:]:
        signal.signal(signum, signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:   # the parent died before the kernel was asked
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to send this process SIGKILL when its parent dies (nothing elsewhere: the
    pool's shutdown and the signal handling still stop the workers)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
