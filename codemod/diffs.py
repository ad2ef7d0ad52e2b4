"""Unified diffs of file changes, byte for byte, with a/ and b/ paths as git prints them."""

from __future__ import annotations

import difflib


def _lines(content: bytes) -> list[str]:
    # latin-1 maps every byte to one character, so any encoding and CR survive the round trip.
    return content.decode("latin-1").splitlines(keepends=True)


def unified_diff(display: str, original: bytes, new: bytes, context: int = 3) -> bytes:
    out = []
    for line in difflib.unified_diff(_lines(original), _lines(new), f"a/{display}",
                                     f"b/{display}", n=context):
        if line.startswith(("---", "+++")):
            line = line.rstrip("\n") + "\n"
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out).encode("latin-1")
