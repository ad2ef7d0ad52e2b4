"""`deferfix apply --interactive`: each verified fix with its diff, then y/n/a/q.

The run has already verified every file's change. Each first-pass fix is shown on its own
(its edits applied to the original text) and the answer decides whether it is written:
y applies it, n skips it, a applies it and every later one, q skips it and every later one.
A file whose fixes were all accepted in one pass gets its verified text as it was; a file with
some fixes declined (or with fixes that only a later pass made) is analysed again with exactly
the accepted fixes and verified again, so nothing is written that was not shown and verified.
"""

from __future__ import annotations

import dataclasses
import os
import select
import sys
from typing import Callable, Sequence

import click

from . import output
from .diffs import unified_diff
from .edits import apply_edits
from .model import Finding

ANSWERS = ("y", "n", "a", "q")
PROMPT = "Apply this fix? [y]es, [n]o, [a]ll remaining, [q]uit"


@dataclasses.dataclass
class Outcome:
    changes: list            # FileChanges to write (RunResult.left says what they leave)
    declined: int             # fixes answered n (or skipped by q)


def fix_diff(change, finding: Finding) -> bytes:
    """The diff of one fix alone, on the file's original text."""
    assert finding.fix is not None
    return unified_diff(change.display, change.original,
                        apply_edits(change.original, list(finding.fix.edits)))


def _ask(prompt: Callable[[], str] | None) -> str:
    if prompt is not None:
        return prompt()
    if _terminal(sys.stdin):
        return _ask_terminal(sys.stdin)
    try:
        return click.prompt(PROMPT, type=click.Choice(ANSWERS, case_sensitive=False),
                            show_choices=False).lower()
    except click.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            raise exc.__context__ from None   # Ctrl-C stops the run; nothing more is written
        click.echo()   # end of input
        return "q"


def _terminal(stream) -> bool:
    try:
        return os.name == "posix" and stream.isatty() and stream.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        return False


def _ask_terminal(stream) -> str:
    """click.prompt's question, read from a terminal so that Ctrl-C is never lost. Python runs
    a signal's handler between bytecodes: a SIGINT that lands after input() has written the
    prompt but before it blocks in read() would wait for the next line typed (the run hung
    at the prompt). Waiting in select() with a timeout comes back to Python at least every
    0.2 s, so the handler runs and the run stops."""
    while True:
        click.echo(f"{PROMPT}: ", nl=False)
        while not select.select([stream], [], [], 0.2)[0]:
            pass
        raw = getattr(stream, "buffer", None)
        # Bytes, decoded leniently: a stray non-UTF-8 key is an unknown answer, not a crash.
        line = raw.readline().decode(errors="replace") if raw is not None else stream.readline()
        if not line:   # end of input
            click.echo()
            return "q"
        answer = line.strip().lower()
        if answer in ANSWERS:
            return answer
        click.echo(f"Error: {line.strip()!r} is not one of "
                   f"{', '.join(repr(a) for a in ANSWERS)}.")


def ask_each(changes: Sequence, color: bool,
             prompt: Callable[[], str] | None = None) -> tuple[set, int]:
    """Show every fix and ask; the keys of the accepted fixes and the number declined."""
    pending = [(change, finding) for change in changes for finding in change.applied]
    accepted: set = set()
    declined = 0
    sticky = ""
    for number, (change, finding) in enumerate(pending, 1):
        if not sticky:
            click.echo(f"\n[{number}/{len(pending)}] " + output.finding_line(finding, color),
                       color=color)
            reason = output.reason_line(finding, color)
            if reason:
                click.echo(reason, color=color)
            output.write(output.color_diff(fix_diff(change, finding)) if color
                         else fix_diff(change, finding))
            answer = _ask(prompt)
            if answer in ("a", "q"):
                sticky = answer
        else:
            answer = sticky
        if answer in ("y", "a"):
            accepted.add(finding.key)
        else:
            declined += 1
    return accepted, declined


def interactive(result, options, color: bool, run: Callable,
                prompt: Callable[[], str] | None = None) -> Outcome:
    """Ask about each fix of `result` and work out what to write."""
    accepted, declined = ask_each(result.changes, color, prompt)
    passes = {r.path: r.passes for r in result.files}
    whole, partial = [], []
    for change in result.changes:
        keys = {f.key for f in change.applied}
        if not keys & accepted:
            continue
        if keys <= accepted and passes.get(change.path, 1) <= 1:
            whole.append(change)
        else:
            partial.append(change)
    changes = list(whole)
    redone = None
    if partial:
        redone = run(dataclasses.replace(options, paths=[c.path for c in partial],
                                         contents=None, only=frozenset(accepted)))
        changes += redone.changes
        result.rejected.extend(redone.rejected)
        result.errors.extend(redone.errors)
    return Outcome(sorted(changes, key=lambda c: c.display), declined)
