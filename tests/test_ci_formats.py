"""`--format gitlab` (GitLab Code Quality) and `--format junit` (JUnit XML), through the real
CLI in a process, validated against the schemas the consumers use (tests/data, see its
README): GitLab's own schema for a Code Quality issue plus the fields its documentation
requires, and the JUnit XSD that Jenkins' xUnit plugin validates reports against."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import xmlschema

from test_cli_habits import deferfix
from test_engine import LOCK_BUG, module
from test_sarif import THREE_KINDS

DATA = Path(__file__).resolve().parent / "data"
GITLAB_SCHEMA_SHA256 = "66b43685a7569ad97e773a552f0d9d98e35b45c03fbe31b6a478c1af8d737a92"
JUNIT_XSD_SHA256 = "62ca5a7bd8a6b8268818a64192bd8f94dbf38b63eb85a19c159deba08244f1fd"
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}

TWIN_LOCKS = LOCK_BUG + """
func G() {
	mu.Lock()
	defer mu.Lock()
}
"""


def vendored(name: str, sha256: str) -> bytes:
    raw = (DATA / name).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == sha256, f"the vendored {name} changed"
    return raw


# --- GitLab Code Quality -------------------------------------------------------------------

@pytest.fixture(scope="module")
def gitlab_validator():
    schema = json.loads(vendored("gitlab-codeclimate.json", GITLAB_SCHEMA_SHA256))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def gitlab_report(validator, root: Path, *args: str) -> list[dict]:
    proc = deferfix("check", "--format", "gitlab", "--jobs", "1", *args, cwd=root)
    assert proc.returncode in (0, 1), proc.stderr
    assert not proc.stdout.startswith(b"\xef\xbb\xbf"), "GitLab refuses a byte order mark"
    report = json.loads(proc.stdout)
    assert isinstance(report, list)
    for issue in report:
        # GitLab's parser stops at the first issue its schema refuses.
        errors = list(validator.iter_errors(issue))
        assert not errors, [e.message for e in errors]
        # What the documentation asks beyond the schema ("Implement a custom tool").
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert issue["severity"] in SEVERITIES
        path = issue["location"]["path"]
        assert not os.path.isabs(path) and (root / path).is_file()
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    fingerprints = [issue["fingerprint"] for issue in report]
    assert len(set(fingerprints)) == len(fingerprints), "GitLab keys issues by fingerprint"
    return report


def test_gitlab_report_has_an_issue_per_finding(tmp_path, gitlab_validator):
    root = module(tmp_path, {"a.go": THREE_KINDS})
    report = gitlab_report(gitlab_validator, root)
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"])
            for i in report] == [("deferred-lock", "a.go", 9), ("deferred-lock", "a.go", 14),
                                 ("deferred-lock", "a.go", 18)]
    assert [i["description"].rsplit(" ", 2)[1:] for i in report] == \
        [["[fix:", "safe]"], ["[fix:", "unsafe]"], ["[fix:", "none]"]]
    assert all(i["severity"] == "major" and i["categories"] == ["Bug Risk"] for i in report)
    assert "why safe: " in report[0]["content"]["body"]


def test_gitlab_fingerprints_are_stable_across_runs_and_line_shifts(tmp_path, gitlab_validator):
    root = module(tmp_path, {"a.go": TWIN_LOCKS})
    first = gitlab_report(gitlab_validator, root)
    assert gitlab_report(gitlab_validator, root, "--no-cache") == first
    # Code added above the findings moves their lines, not their fingerprints.
    shifted = TWIN_LOCKS.replace('import "sync"\n', 'import "sync"\n\n// A note.\nvar x = 1\n')
    (root / "a.go").write_text(shifted)
    moved = gitlab_report(gitlab_validator, root)
    assert [i["location"]["lines"]["begin"] for i in moved] == \
        [i["location"]["lines"]["begin"] + 3 for i in first]
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in first]
    # Two equal statements in one file get two fingerprints; another file, others again.
    (root / "b.go").write_text(TWIN_LOCKS.replace("mu ", "mu2 ").replace("mu.", "mu2.")
                               .replace("F()", "F2()").replace("G()", "G2()"))
    both = gitlab_report(gitlab_validator, root)
    assert len({i["fingerprint"] for i in both}) == 4
    assert {i["fingerprint"] for i in both if i["location"]["path"] == "a.go"} == \
        {i["fingerprint"] for i in first}


def test_gitlab_report_of_a_clean_tree_is_an_empty_array(tmp_path, gitlab_validator):
    root = module(tmp_path, {"a.go": "package p\n"})
    proc = deferfix("check", "--format", "gitlab", cwd=root)
    assert (proc.returncode, json.loads(proc.stdout)) == (0, [])
    assert b"1 file scanned" in proc.stderr       # the summary goes to stderr


# --- JUnit XML -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def junit_schema():
    vendored("junit-10.xsd", JUNIT_XSD_SHA256)
    return xmlschema.XMLSchema10(str(DATA / "junit-10.xsd"))


def junit_report(schema, root: Path, *args: str, command: str = "check",
                 expect: int = 1) -> ET.Element:
    proc = deferfix(command, "--format", "junit", "--jobs", "1", *args, cwd=root)
    assert proc.returncode == expect, proc.stderr
    assert proc.stdout.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    schema.validate(proc.stdout.decode("utf-8"))       # raises with the reason
    tree = ET.fromstring(proc.stdout)
    assert tree.tag == "testsuites"
    cases = tree.findall("testsuite/testcase")
    names = [(c.get("classname"), c.get("name")) for c in cases]
    assert len(set(names)) == len(names), "GitLab keys test cases by their names"
    for attribute in ("tests", "failures", "errors"):
        child = "testcase" if attribute == "tests" else \
            f"testcase/{'failure' if attribute == 'failures' else 'error'}"
        assert int(tree.get(attribute)) == len(tree.findall(f"testsuite/{child}"))
        for suite in tree.findall("testsuite"):
            assert int(suite.get(attribute)) == len(suite.findall(child))
    return tree


def test_junit_has_a_failing_testcase_per_finding(tmp_path, junit_schema):
    root = module(tmp_path, {"a.go": THREE_KINDS, "b.go": TWIN_LOCKS.replace("mu.", "mu2.")
                             .replace("mu ", "mu2 ").replace("F()", "F2()")
                             .replace("G()", "G2()")})
    tree = junit_report(junit_schema, root)
    assert [s.get("name") for s in tree.findall("testsuite")] == ["a.go", "b.go"]
    cases = tree.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [
        "a.go:9:2: deferred-lock", "a.go:14:2: deferred-lock", "a.go:18:2: deferred-lock",
        "b.go:9:2: deferred-lock", "b.go:14:2: deferred-lock"]
    failure = cases[0].find("failure")
    assert failure.get("type") == "deferred-lock"
    assert failure.get("message").endswith("[fix: safe]")
    assert failure.text.startswith("a.go:9:2: deferred-lock: ") and "why safe:" in failure.text


def test_junit_after_apply_lists_what_is_left(tmp_path, junit_schema):
    root = module(tmp_path, {"a.go": THREE_KINDS})
    tree = junit_report(junit_schema, root, command="apply")
    # The safe fix is written; the unsafe and the report-only findings are left.
    assert [c.get("name") for c in tree.findall("testsuite/testcase")] == [
        "a.go:14:2: deferred-lock", "a.go:18:2: deferred-lock"]


def test_junit_of_a_clean_tree_has_one_passing_test(tmp_path, junit_schema):
    root = module(tmp_path, {"a.go": "package p\n"})
    tree = junit_report(junit_schema, root, expect=0)
    (case,) = tree.findall("testsuite/testcase")
    assert list(case) == [] and case.get("name") == "no findings in 1 file(s)"


def test_junit_names_an_unreadable_path_as_an_error(tmp_path, junit_schema):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    tree = junit_report(junit_schema, root, ".", "missing", expect=2)
    (error,) = tree.findall("testsuite/testcase/error")
    assert error.get("message") == "no such file or directory"
    assert tree.find("testsuite[@name='missing']/testcase").get("name") == "missing: error"
    assert len(tree.findall("testsuite/testcase/failure")) == 1


def test_junit_and_gitlab_carry_names_xml_and_json_cannot_hold(tmp_path, junit_schema,
                                                                gitlab_validator):
    """A file name with a control character, markup and a byte that is not UTF-8."""
    root = module(tmp_path, {"a.go": LOCK_BUG})
    odd = os.fsencode(root) + b"/<&\x01\xff>.go"
    with open(odd, "wb") as handle:
        handle.write(LOCK_BUG.replace("F()", "F2()").encode())
    tree = junit_report(junit_schema, root)
    assert sorted(s.get("name") for s in tree.findall("testsuite")) == \
        ["<&\ufffd\ufffd>.go", "a.go"]
    proc = deferfix("check", "--format", "gitlab", cwd=root)
    report = json.loads(proc.stdout)
    assert sorted(i["location"]["path"] for i in report) == ["<&\x01\ufffd>.go", "a.go"]
    for issue in report:
        assert not list(gitlab_validator.iter_errors(issue))
