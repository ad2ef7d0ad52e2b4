"""What one analysis of one text reads from the types service: its answers, and the
questions it asked that nobody has answered yet.

The engine analyses a file first with no answers: each question a rule asks
(`ctx.types.ident(node)` and the like) is recorded and answered `Unavailable(PENDING)`,
which the rule treats like any answer that settles nothing (the syntactic fallback). The
engine then asks the service every recorded question of a module at once and analyses
those files again with the answers (`known`). A rule is a pure function of the texts and
the answers, so the second analysis asks the same questions, and finds them answered.

A question asked only once an earlier answer is known is pending again in the second
analysis; the engine asks again, a bounded number of times, and a question still pending
after that stays Unavailable: the fallback, never more permissive than the typed verdict.
"""

from __future__ import annotations

from typing import Mapping

from .answers import NO_TYPES, PENDING, Answer, Unavailable
from .service import Question

NOT_YET = Unavailable("types were not available: not asked yet", PENDING)
# A context the engine built without answers (a sibling file read for its declarations, a
# test's own context): the rules fall back to the syntax.
NOT_ASKED = Unavailable("types were not available: not asked for this file", NO_TYPES)


class FileAnswers:
    """The answers one text's analysis may read (`known`), or `off` for every question
    (types are off, or not asked for this context)."""

    def __init__(self, known: Mapping[Question, Answer] | None = None,
                 off: Unavailable | None = None) -> None:
        self.known = known or {}
        self.off = off
        self.pending: set[Question] = set()
        self.used = False          # some rule read an answer (typed or Unavailable)
        # How many times an answer was read (typed, Unavailable or not asked yet): the engine
        # compares it before and after each rule's find() to know which rules consulted types.
        self.reads = 0

    def peek(self, question: Question) -> Answer | None:
        """The answer when there is one already (or types are off), else None: nothing is
        asked. For a judgement that first tries whether an answer could change it at all
        (escape.escape_in); an answer it reads counts as read."""
        if self.off is not None:
            return self.off
        found = self.known.get(question)
        if found is not None:
            self.used = True
            self.reads += 1
        return found

    def answer(self, question: Question) -> Answer:
        if self.off is not None:
            return self.off
        self.used = True
        self.reads += 1
        found = self.known.get(question)
        if found is None:
            self.pending.add(question)
            return NOT_YET
        return found
