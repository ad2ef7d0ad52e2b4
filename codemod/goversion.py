"""The effective Go language version of a file.

The `go` directive of the nearest enclosing go.mod (read once per module), then the minimum Go
version implied by a `//go:build` constraint in the file (as go/build/constraint.GoVersion
computes it; the go command never lets it go below go1.21), then `--go-version` as an override.
A file outside any module is in GOPATH mode, which keeps the shared loop variables of Go < 1.22.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

Version = tuple[int, int]

# What deferfix assumes for files outside any module (GOPATH mode; see rules.md).
GOPATH_VERSION: Version = (1, 21)
LOOPVAR_PER_ITERATION: Version = (1, 22)

_GO_DIRECTIVE = re.compile(rb"^\s*go\s+(\d+)\.(\d+)", re.MULTILINE)
_MODULE_DIRECTIVE = re.compile(rb"^\s*module\s+(\S+)", re.MULTILINE)
_VERSION = re.compile(r"^(?:go)?(\d+)\.(\d+)(?:\.\d+)?(?:rc\d+|beta\d+)?$")


def parse_version(text: str) -> Version:
    """'1.21', '1.21.3' or 'go1.22' -> (1, 21); ValueError otherwise."""
    match = _VERSION.match(text.strip())
    if not match:
        raise ValueError(f"not a Go version: {text!r} (want for example 1.21)")
    return (int(match.group(1)), int(match.group(2)))


def format_version(version: Version) -> str:
    return f"{version[0]}.{version[1]}"


@dataclass(frozen=True)
class Module:
    root: str          # directory holding go.mod
    path: str          # module path, '' when unknown
    go: Version | None  # the go directive, None when absent (the go command then assumes 1.16)


@functools.lru_cache(maxsize=4096)
def find_module(directory: str) -> Module | None:
    """The module whose go.mod is nearest above `directory` (an absolute path)."""
    gomod = os.path.join(directory, "go.mod")
    if os.path.isfile(gomod):
        try:
            with open(gomod, "rb") as handle:
                text = handle.read()
        except OSError:
            text = b""
        go_match = _GO_DIRECTIVE.search(text)
        mod_match = _MODULE_DIRECTIVE.search(text)
        go = (int(go_match.group(1)), int(go_match.group(2))) if go_match else (1, 16)
        return Module(directory, mod_match.group(1).decode("utf-8", "replace").strip('"')
                      if mod_match else "", go)
    parent = os.path.dirname(directory)
    if parent == directory:
        return None
    return find_module(parent)


# --- //go:build ---------------------------------------------------------------------------

_BUILD_LINE = re.compile(rb"^//go:build\s+(.*?)\s*$", re.MULTILINE)
_TOKEN = re.compile(r"\s*(\(|\)|!|&&|\|\||[A-Za-z0-9_.]+)")


def _tokens(expr: str) -> list[str]:
    pos, out = 0, []
    while pos < len(expr):
        if expr[pos:].strip() == "":
            break
        match = _TOKEN.match(expr, pos)
        if not match:
            raise ValueError(expr)
        out.append(match.group(1))
        pos = match.end()
    return out


def _min_version(a: Version | None, b: Version | None) -> Version | None:
    return None if a is None or b is None else min(a, b)


def _max_version(a: Version | None, b: Version | None) -> Version | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


class _ConstraintParser:
    """Recursive descent over `||`, `&&`, `!`, parentheses and tags, returning the minimum
    Go version the expression implies (None when it implies none)."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ValueError("unexpected end")
        self.pos += 1
        return token

    def parse_or(self) -> Version | None:
        value = self.parse_and()
        while self.peek() == "||":
            self.take()
            value = _min_version(value, self.parse_and())
        return value

    def parse_and(self) -> Version | None:
        value = self.parse_not()
        while self.peek() == "&&":
            self.take()
            value = _max_version(value, self.parse_not())
        return value

    def parse_not(self) -> Version | None:
        token = self.take()
        if token == "!":
            self.parse_not()
            return None
        if token == "(":
            value = self.parse_or()
            if self.take() != ")":
                raise ValueError("missing )")
            return value
        match = re.fullmatch(r"go1\.(\d+)", token)
        return (1, int(match.group(1))) if match else None


def build_constraint_version(src: bytes) -> Version | None:
    """The minimum Go version implied by the file's //go:build line, if any.

    Only the header (before the package clause) is searched, as the go command does.
    """
    header_end = re.search(rb"^package\s", src, re.MULTILINE)
    header = src[: header_end.start()] if header_end else src[:4096]
    match = _BUILD_LINE.search(header)
    if not match:
        return None
    try:
        parser = _ConstraintParser(_tokens(match.group(1).decode("utf-8", "replace")))
        value = parser.parse_or()
        if parser.peek() is not None:
            return None
        return value
    except ValueError:
        return None


def file_version(path: str, src: bytes, override: Version | None = None) -> tuple[Version, str]:
    """The effective language version of the file, with a word on where it came from."""
    if override is not None:
        return override, "--go-version"
    module = find_module(os.path.dirname(os.path.abspath(path)))
    constraint = build_constraint_version(src)
    if module is None:
        base, origin = GOPATH_VERSION, "no go.mod (GOPATH mode)"
    else:
        base, origin = module.go or (1, 16), "go.mod"
    if constraint is not None:
        # go/types: a file's //go:build version applies, but never below go1.21.
        return max(constraint, (1, 21)), "//go:build"
    return base, origin
