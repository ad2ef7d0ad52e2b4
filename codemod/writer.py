"""Writing new file contents atomically: a temporary file in the same directory, then rename.

The mode of the original is kept, and its owner and group where the process may set them (root
fixing another user's file leaves it theirs). A file that changed on disk since it was read is not
written, nor a new text that does not parse. A symlink is written through: the file it leads
to is replaced and the link stays a link. Every write is all or nothing: an interrupted run
leaves each file old or new.

`Writes` is the one place files are written: apply (and its interactive review) and the bot
hand it their verified changes; it writes each with the stopping signals held (an interrupt
waits for the write in progress) and keeps what it wrote and what it could not write.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from dataclasses import dataclass, field
from typing import Sequence

from . import internal, signals

# Test hook: seconds to wait after each file is written, so that a test can interrupt a real
# apply between two writes (tests/test_faults.py).
WRITE_PAUSE_ENV = "DEFERFIX_TEST_WRITE_PAUSE"


class WriteError(Exception):
    pass


@dataclass
class Writes:
    """Writing a run's changes (runner.FileChange: path, display, original, new), one file at
    a time. `written` is what is in the files, in order, also after an interrupt stopped
    `write` half way (the caller keeps this object); `failed` is each change not written
    with why. `stop_at_error`: stop at the first file that cannot be written (the bot: a
    commit is all the fixes or none)."""

    stop_at_error: bool = False
    written: list = field(default_factory=list)
    failed: list = field(default_factory=list)     # (change, message)

    def write(self, changes: Sequence) -> "Writes":
        for change in changes:
            with signals.held():
                try:
                    with internal.processing(change.display):
                        write_atomic(change.path, change.original, change.new)
                    self.written.append(change)
                except WriteError as exc:
                    self.failed.append((change, str(exc)))
            if self.failed and self.stop_at_error:
                break
            _pause_after_write()
        return self


def _pause_after_write() -> None:
    pause = os.environ.get(WRITE_PAUSE_ENV)
    if pause:
        time.sleep(float(pause))


def write_atomic(path: str, expected: bytes, new: bytes) -> None:
    from .parsing import first_error, parse
    broken = first_error(parse(new).root_node)
    if broken is not None:
        raise WriteError("the new text does not parse at %d:%d; not written" % broken)
    path = os.path.realpath(path)   # a symlink: write the file it leads to
    try:
        info = os.stat(path)
        with open(path, "rb") as handle:
            current = handle.read()
    except OSError as exc:
        raise WriteError(f"cannot read: {exc.strerror or exc}") from exc
    if current != expected:
        raise WriteError("changed on disk during the run; not written")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) \
            or not os.access(path, os.W_OK):
        raise WriteError("read-only file; not written")
    directory = os.path.dirname(path) or "."
    try:
        fd, temp = tempfile.mkstemp(prefix=".deferfix-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteError(f"cannot write in {directory}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_owner(temp, info)
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        os.replace(temp, path)
    except BaseException as exc:   # a full disk, or anything else: the temporary file goes
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write: {exc.strerror or exc}") from exc
        raise


def _keep_owner(temp: str, info: os.stat_result) -> None:
    """Give the new file the original's owner and group, when they differ from ours and we
    may (root may; another user may at least keep a group they are in)."""
    if not hasattr(os, "chown") or (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid()):
        return
    for uid, gid in ((info.st_uid, info.st_gid), (-1, info.st_gid)):
        try:
            os.chown(temp, uid, gid)
            return
        except PermissionError:
            continue
