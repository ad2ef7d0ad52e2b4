"""Internal errors: a bug in deferfix (a rule or the engine), never a fault of the input.

An exception that a rule raises costs that rule's findings for that one file; one that the
rest of a file's analysis raises costs that file's result. Each is one line naming the file
(and the rule), the run goes on, and the exit code is 2. Whatever escapes the run itself
ends it with one line naming what was being processed, and exit 2 (never 1, which means
findings). The traceback is printed only with -v: it is for a bug report, not for the user.
"""

from __future__ import annotations

import traceback
from contextlib import contextmanager
from typing import Iterator

# What this process is working on, for the line of an error that escapes the run: a file's
# display path, or a few words ("verifying 3 files"); "" when nothing in particular.
current = ""
# -v: the traceback of an error that escapes is printed too (the command sets it).
verbose = False


@contextmanager
def processing(what: str) -> Iterator[None]:
    """Name `what` as the thing being processed for the time of the `with`; an exception
    that leaves it carries the innermost such name (`where`)."""
    global current
    before, current = current, what
    try:
        yield
    except Exception as exc:
        if not hasattr(exc, _WHERE):
            try:
                setattr(exc, _WHERE, what)
            except AttributeError:
                pass
        raise
    finally:
        current = before


_WHERE = "_deferfix_processing"


def where(exc: BaseException) -> str:
    """What was being processed when `exc` was raised ("" when nothing in particular)."""
    return getattr(exc, _WHERE, "") or current


def escaped(exc: BaseException, verbose: bool) -> str:
    """The line (and with `verbose` the traceback) for an exception that escaped the run."""
    what = where(exc)
    line = f"deferfix: {what + ': ' if what else ''}internal error: {describe(exc)}"
    return f"{line}\n{trace(exc)}" if verbose else f"{line} (-v shows the traceback)"


def describe(exc: BaseException) -> str:
    """The exception in one line: its type and the first line of its message."""
    if isinstance(exc, RecursionError):
        return "too deeply nested for deferfix's analysis (RecursionError)"
    if isinstance(exc, MemoryError):
        return "out of memory (MemoryError)"
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(message) > 300:
        message = message[:297] + "..."
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def trace(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()


def in_rule(rule: str, exc: BaseException) -> tuple[str, str]:
    """(the one-line message, the traceback) of an exception raised by `rule`'s find."""
    return (f"internal error in rule {rule}: {describe(exc)}; its findings for this file "
            "are left out", trace(exc))


def in_file(exc: BaseException) -> tuple[str, str]:
    """(the one-line message, the traceback) of an exception raised analysing a file."""
    return f"internal error: {describe(exc)}; the file's results are left out", trace(exc)
