"""defer-before-check beyond the golden cases: what a callee of another module promises.

rules.md: the move is safe only when the value is known nil on the error path, by the
standard library's documentation or by the module's own function. A dependency's function
is neither: its (value, error) convention is its own, so the move is unsafe.
"""

from __future__ import annotations

import pytest

from codemod.testing import run_rule

SOURCE = """
package p

import (
    "net/http"

    "example.com/dep/fetch"
)

func get(url string) error {
    resp, err := {call}(url)
    defer resp.Body.Close()
    if err != nil {
        return err
    }
    return nil
}
"""


@pytest.mark.parametrize("call, applicability", [
    ("http.Get", "safe"),        # documented: a nil response with a non-nil error
    ("fetch.Get", "unsafe"),     # a dependency: whatever its own convention is
])
def test_a_callee_of_another_module_is_not_known_to_return_nil(call: str,
                                                               applicability: str) -> None:
    source = SOURCE.replace("{call}", call).replace("    ", "\t")
    findings, _ = run_rule("defer-before-check", source)
    (finding,) = findings
    assert finding.applicability.value == applicability, finding.fix.reason
    if applicability == "unsafe":
        assert "example.com/dep/fetch" in finding.fix.reason


WRAPPER = """
package p

import (
    "net/http"

    "example.com/dep/fetch"
)

func load(url string) (*http.Response, error) {
    resp, err := {call}(url)
    return resp, err
}

func get(url string) error {
    resp, err := load(url)
    defer resp.Body.Close()
    if err != nil {
        return err
    }
    return nil
}
"""


@pytest.mark.parametrize("call, applicability", [
    ("http.Get", "safe"),        # the package's load hands on what the standard library returns
    ("fetch.Get", "unsafe"),     # ... or what a dependency returns: not known to be nil
])
def test_a_package_wrapper_hands_on_what_its_callee_promises(call: str,
                                                             applicability: str) -> None:
    source = WRAPPER.replace("{call}", call).replace("    ", "\t")
    findings, _ = run_rule("defer-before-check", source)
    (finding,) = findings
    assert finding.applicability.value == applicability, finding.fix.reason
