"""Runnable golden cases whose unsafe fix changes behaviour on purpose.

For a case with `stdout-unsafe.txt`, `go run` of want-unsafe.go must print exactly that, so
the change an unsafe fix makes is pinned down as well as the text it writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_golden import CASES, _case_id, _expect, _go_run

UNSAFE_RUNNABLE = [c for c in CASES if (c / "stdout-unsafe.txt").exists()]


@pytest.mark.parametrize("case", UNSAFE_RUNNABLE, ids=_case_id)
def test_unsafe_fix_output(case: Path, tmp_path: Path) -> None:
    assert (case / "want-unsafe.go").exists(), "stdout-unsafe.txt needs want-unsafe.go"
    _expect(case / "stdout-unsafe.txt", _go_run(case, case / "want-unsafe.go", tmp_path / "run"))
