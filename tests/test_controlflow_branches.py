"""Flow's branch index (a tree-sitter query less the branches of nested func literals) is
the function's own branch statements, as a walk over its level finds them."""

from __future__ import annotations

from codemod.analysis.controlflow import BRANCHES, Flow
from codemod.analysis.syntax import function_level
from codemod.context import FileContext
from codemod.parsing import FUNCTION_KINDS

SRC = b"""package p

func f(xs []int) func() int {
outer:
	for _, x := range xs {
		switch {
		case x > 1:
			break outer
		case x < 0:
			continue
		}
		go func() {
			for {
				break
			}
			return
		}()
		if x == 3 {
			goto done
		}
	}
done:
	return func() int {
		defer func() { return }()
		for {
			if true {
				return 1
			}
			break
		}
	}
}
"""


def test_each_function_s_branches_are_its_own_in_text_order() -> None:
    ctx = FileContext("x.go", SRC, (1, 21))
    functions, stack = [], [ctx.root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type in FUNCTION_KINDS:
            functions.append(node)
    assert len(functions) == 4
    for function in functions:
        walked = [n for n in function_level(function) if n.type in BRANCHES]
        starts, found = Flow(function, SRC)._branch_index()
        assert found == walked and starts == [n.start_byte for n in walked]
        assert found, function.type   # each has some
