"""Unified diffs of file changes, byte for byte, with a/ and b/ paths as git prints them."""

from __future__ import annotations

import difflib

# git's C-style escapes in a quoted path.
_ESCAPES = {0x07: "\\a", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0B: "\\v", 0x0C: "\\f",
            0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}


def _lines(content: bytes) -> list[str]:
    # latin-1 maps every byte to one character, so any encoding and CR survive the round trip.
    return content.decode("latin-1").splitlines(keepends=True)


def header_path(path: str) -> bytes:
    """`path` (a str that may hold surrogate-escaped bytes) as a diff header names it: its
    bytes, in double quotes with git's escapes when it holds a control character, a quote, a
    backslash or bytes that are not UTF-8 (`git apply` reads both forms)."""
    raw = path.encode("utf-8", "surrogateescape")
    try:
        raw.decode("utf-8")
        plain = not any(b < 0x20 or b in (0x22, 0x5C, 0x7F) for b in raw)
    except UnicodeDecodeError:
        plain = False
    if plain:
        return raw
    quoted = "".join(_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}")
                     for b in raw)
    return f'"{quoted}"'.encode("ascii")


def unified_diff(display: str, original: bytes, new: bytes, context: int = 3) -> bytes:
    out = []
    old_name = header_path(f"a/{display}").decode("latin-1")
    new_name = header_path(f"b/{display}").decode("latin-1")
    for line in difflib.unified_diff(_lines(original), _lines(new), old_name, new_name,
                                     n=context):
        if line.startswith(("---", "+++")):
            line = line.rstrip("\n") + "\n"
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out).encode("latin-1")
