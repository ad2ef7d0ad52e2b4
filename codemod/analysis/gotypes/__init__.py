"""go/types for deferfix: what an identifier denotes, the type of an expression, a call's
callee and results, a method set, asked by byte position and answered by Go itself.

    from codemod.analysis.gotypes import TypesService, Question
    with TypesService() as types:
        answers = types.ask(package_dir, {path: text}, {path: [Question("call", s, e)]})
        call = answers[path][0]        # Call, or Unavailable / NoAnswer (both falsy)

`service` runs the helper (one process per module and batch) and caches answers; `helper`
builds it from `helper/main.go` on first use; `answers` holds the answer types and the
validation of the helper's JSON.
"""

from .answers import (Answer, Call, Decl, Expr, Ident, Method, MethodSet, NoAnswer, Receiver,
                      TypeDesc, Unavailable)
from .service import PackageKey, PackageQuestions, Question, Stats, TypesService

__all__ = ["Answer", "Call", "Decl", "Expr", "Ident", "Method", "MethodSet", "NoAnswer",
           "PackageKey", "PackageQuestions", "Question", "Receiver", "Stats", "TypeDesc", "TypesService",
           "Unavailable"]
