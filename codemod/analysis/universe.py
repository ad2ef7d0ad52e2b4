"""Go's universe block: the predeclared identifiers, in one place.

A name that is not declared in the file, its package or a function resolves here (the Go
spec, "Predeclared identifiers"), unless a declaration shadows it: ask the scope analysis
(`ctx.scopes(node).resolve`) or the package's declarations before trusting a name.
"""

from __future__ import annotations

TYPES = frozenset({
    "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
    "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64",
    "uintptr", "any",
})
# The predeclared types a conversion `T(x)` names, any left out (any(x) boxes the value).
CONVERSION_TYPES = TYPES - {"any"}
INTEGER_TYPES = frozenset(t for t in TYPES if "int" in t or t in ("byte", "rune"))
FUNCTIONS = frozenset({
    "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
    "max", "min", "new", "panic", "print", "println", "real", "recover",
})
CONSTANTS = frozenset({"true", "false", "iota"})
# The predeclared names of values: the constants and nil.
VALUES = CONSTANTS | {"nil"}
# Every predeclared name (nil included), and the blank identifier, which names nothing.
NAMES = TYPES | FUNCTIONS | CONSTANTS | {"nil", "_"}

# Builtins that only read their arguments: nothing passed to them is kept or changed.
READING_FUNCTIONS = frozenset({"len", "cap", "print", "println", "min", "max", "close",
                               "delete", "complex", "real", "imag"})
# Builtins whose result is a function of their arguments' values alone.
VALUE_FUNCTIONS = frozenset({"len", "cap", "min", "max", "real", "imag", "complex"})
