"""What a call does besides returning: recover(), and calls that never return.

Go's recover stops a panic only when the deferred function calls it directly: a recover() in
a func literal nested in that function (called or deferred there) returns nil and stops
nothing. `calls_recover` answers with those semantics for every rule.
"""

from __future__ import annotations

from tree_sitter import Node

from .syntax import function_level, text

# Calls after which control never comes back to the statement that follows.
NO_RETURN_CALLS = frozenset({"panic", "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln",
                             "log.Panic", "log.Panicf", "log.Panicln", "runtime.Goexit"})


def is_no_return_call(stmt: Node, src: bytes) -> bool:
    """`stmt` is an expression statement calling one of NO_RETURN_CALLS (by its name)."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return False
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return False
    function = call.child_by_field_name("function")
    return function is not None and text(src, function) in NO_RETURN_CALLS


def calls_recover(src: bytes, function: Node) -> bool:
    """The function `function` (a declaration, a func literal or a body) calls recover()
    itself, not in a func literal nested in it."""
    for node in function_level(function):
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            if callee is not None and callee.type == "identifier" \
                    and text(src, callee) == "recover":
                return True
    return False
