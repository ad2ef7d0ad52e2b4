"""Differential soundness of missing-cancel and missing-rollback against the Go toolchain: a
seeded batch of the fuzzers' random programs (tests/fuzz_missing_cancel.py and
tests/fuzz_missing_rollback.py: early returns, loops, switches, recovered panics, goroutines,
the context or transaction kept past the function, a non-sql type whose Rollback undoes
committed work) is fixed with deferfix's safe fixes and run before and after. The fixed
program must print what the original prints once the release lines (the tracking parent's
"released", the fake driver's "rollback N") are left out, leave no more open than before,
and every fix must pass go vet; and the batch must fix some leaks (the oracle is not idle).
One module, one driver build and one deferfix run per rule keep it to seconds."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

import fuzz_missing_cancel as cancel
import fuzz_missing_rollback as rollback

pytestmark = pytest.mark.go

BATCH = 8


def _outcomes(make, rule: str, extra: dict[str, bytes], seed: int, tmp: Path):
    rng = random.Random(seed)
    cases = [(f"seed{seed}_{i}", subprocess.run(["gofmt"], input=make(rng).encode(),
                                                capture_output=True, check=True).stdout)
             for i in range(BATCH)]
    return cancel.run_batch(cases, rule, extra, tmp)


@pytest.mark.parametrize("rule", ["missing-cancel", "missing-rollback"])
def test_safe_fixes_change_nothing_but_the_leak(rule: str, tmp_path: Path) -> None:
    if rule == "missing-cancel":
        make, extra, count, releases = cancel.program, {"tracker.go": cancel.TRACKER}, \
            "registered: ", cancel.RELEASE_LINES
    else:
        make, extra, count, releases = rollback.program, {"driver.go": rollback.DRIVER}, \
            rollback.COUNT, rollback.Releases()
    outcomes = _outcomes(make, rule, extra, 19, tmp_path)
    failures = {o.name: cancel.judge(o, count, releases) for o in outcomes}
    assert not any(failures.values()), {n: p for n, p in failures.items() if p}
    fixed = sum(cancel.without_releases(o.orig, releases, count)[1]
                - cancel.without_releases(o.fixed, releases, count)[1] for o in outcomes)
    safe = [f for o in outcomes for f in o.findings if f["fix"]["applicability"] == "safe"]
    assert safe and fixed > 0, "the batch fixed nothing: the oracle checked nothing"
    assert all("[exit" not in o.orig for o in outcomes), "a generated program did not run"
