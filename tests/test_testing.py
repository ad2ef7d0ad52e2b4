"""codemod.testing.assert_rule: a rule in-process, in milliseconds, and it can fail."""

from __future__ import annotations

import pytest

from codemod.testing import assert_rule, run_rule

LOCKED = """
    package p

    import "sync"

    type counter struct {
    \tmu sync.Mutex
    \tn  int
    }

    func (c *counter) add() {
    \tc.mu.Lock()
    \tdefer c.mu.Lock()
    \tc.n++
    }
"""
FINDING = ("12:2: deferred-lock: defer c.mu.Lock() right after c.mu.Lock(): the lock is taken "
           "again at exit; Unlock was meant [fix: safe]")
WHY = "    why safe: c.mu.Lock() is taken just before, so only Unlock makes sense at exit"


def test_a_fix_and_its_finding() -> None:
    assert_rule("deferred-lock", LOCKED, LOCKED.replace("defer c.mu.Lock()", "defer c.mu.Unlock()"),
                [FINDING, WHY])


def test_a_long_message_matches_by_its_beginning() -> None:
    assert_rule("deferred-lock", LOCKED, LOCKED.replace("defer c.mu.Lock()", "defer c.mu.Unlock()"),
                ["12:2: deferred-lock: defer c.mu.Lock() right after…", WHY])


def test_no_finding_and_no_change() -> None:
    assert_rule("deferred-lock", LOCKED.replace("defer c.mu.Lock()", "defer c.mu.Unlock()"))


@pytest.mark.parametrize("after, findings", [
    (LOCKED, [FINDING, WHY]),                        # the fix was not applied
    (LOCKED.replace("Lock()\n\tc.n", "Unlock()\n\tc.n"), [FINDING]),   # the reason is missing
    (LOCKED.replace("defer c.mu.Lock()", "defer c.mu.Unlock()"), []),  # no finding expected
])
def test_it_fails_when_the_rule_does_something_else(after: str, findings: list[str]) -> None:
    with pytest.raises(AssertionError):
        assert_rule("deferred-lock", LOCKED, after, findings)


def test_the_package_files_are_what_the_rule_sees_of_the_package() -> None:
    # eager-defer-arg: a deferred helper of the package that calls recover() itself would stop
    # working if wrapped in a func literal, so the fix is unsafe only when the package says so.
    before = """
        package p

        import "time"

        func work() {
        \tstart := time.Now()
        \tdefer report(time.Since(start))
        }
    """
    quiet = {"report.go": "package p\n\nimport \"time\"\n\nfunc report(d time.Duration) {}\n"}
    recovering = {"report.go": "package p\n\nimport \"time\"\n\nfunc report(d time.Duration) "
                               "{\n\tif recover() != nil {\n\t}\n}\n"}
    (plain,), _ = run_rule("eager-defer-arg", before, package=quiet)
    (guarded,), _ = run_rule("eager-defer-arg", before, package=recovering)
    assert plain.fix.applicability == "safe", plain.fix.reason
    assert guarded.fix.applicability == "unsafe" and "recover" in guarded.fix.reason
    (alone,), _ = run_rule("eager-defer-arg", before)   # report is declared nowhere
    assert alone.fix.applicability == "unsafe" and "not declared" in alone.fix.reason
