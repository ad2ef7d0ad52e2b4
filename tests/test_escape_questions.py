"""codemod.analysis.escape asks go/types whether a companion is an error only where the
answer may change the escape it finds: a first pass follows every unanswered companion as
if it were no error, and only an escape found that way makes the real pass ask."""

from __future__ import annotations

from codemod.analysis import escape
from codemod.analysis.gotypes import record
from codemod.analysis.gotypes.answers import OTHER, Ident, TypeDesc, Unavailable
from codemod.analysis.gotypes.service import Question
from codemod.analysis.syntax import statements
from codemod.context import FileContext
from codemod.goversion import LOOPVAR_PER_ITERATION as GO_1_22

OPEN = """package p

import "os"

func f(names []string) (last error) {
	for _, name := range names {
		fd, e := os.Open(name)
		if e != nil {
			continue
		}
		defer fd.Close()
		_, _ = fd.Stat()%s
	}
	return last
}
"""


def _escape(src: str, known=None) -> tuple[str, set, FileContext]:
    """What escapes(fd) says in the loop body, and the questions it left pending."""
    answers = record.FileAnswers(known=known or {})
    ctx = FileContext("p.go", src.encode(), GO_1_22, answers=answers)
    function = ctx.root.named_children[-1]
    loop = statements(function.child_by_field_name("body"))[0]
    body = loop.child_by_field_name("body")
    declaration = statements(body)[0]
    defer = next(s for s in statements(body) if s.type == "defer_statement")
    sc = ctx.scopes(declaration)
    fd = sc.resolve(declaration.child_by_field_name("left").named_children[0])
    return escape.escapes(ctx, sc, body, defer, fd), answers.pending, ctx


def _e(ctx: FileContext) -> Question:
    return Question("ident", ctx.src.index(b", e") + 2)


def test_a_companion_that_goes_nowhere_is_not_asked_about():
    found, pending, _ = _escape(OPEN % "")
    assert found == "" and pending == set()


def test_a_companion_that_would_escape_is_asked_about():
    found, pending, ctx = _escape(OPEN % "\n\t\tlast = e")
    assert pending == {_e(ctx)}
    # Not answered yet (the first analysis): the fallback's verdict, an escape.
    assert found.startswith("e, declared with fd (line 7), is stored in last")


def test_the_answer_decides_when_it_can_change_the_escape():
    src = OPEN % "\n\t\tlast = e"
    _, _, ctx = _escape(src)
    question = _e(ctx)
    error = Ident(name="e", object="var", def_=True, universe=False, package_level=False,
                  type=TypeDesc(type="error", kind="interface", named="error", error=True))
    found, pending, _ = _escape(src, {question: error})
    assert found == "" and pending == set()
    unknown = Unavailable("types were not available: a test", OTHER)
    found, _, _ = _escape(src, {question: unknown})
    assert found.startswith("e, declared with fd (line 7), is stored in last")
    assert escape._probe is None
