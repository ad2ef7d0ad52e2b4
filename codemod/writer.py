"""Writing new file contents atomically: a temporary file in the same directory, then rename.

The mode of the original is kept, and its owner and group where the process may set them (root
fixing another user's file leaves it theirs). A file that changed on disk since it was read is not
written, nor a new text that does not parse. A symlink is written through: the file it leads
to is replaced and the link stays a link. Every write is all or nothing: an interrupted run
leaves each file old or new.
"""

from __future__ import annotations

import os
import stat
import tempfile


class WriteError(Exception):
    pass


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
