"""`--format sarif`: every log validates against the official SARIF 2.1.0 schema
(tests/data, see its README), and its content is right: rules with help, locations in UTF-16
columns, and fixes whose artifactChanges, applied to the file, give the fixed text."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
from click.testing import CliRunner

from codemod import output
from codemod.cli import main
from codemod.model import Edit, Finding, Fix
from codemod.fixsets import FixSet
from codemod.registry import all_transforms
from codemod.runner import Options, run
from test_engine import LOCK_BUG, VET_TARGET, module

SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

THREE_KINDS = LOCK_BUG + """
func G() {
	mu.Lock()
	defer mu.RUnlock()
}

func H() {
	defer mu.Lock()
}
"""


@pytest.fixture(scope="module")
def validator():
    raw = SCHEMA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, "the vendored schema changed"
    schema = json.loads(raw)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def valid(validator, text: str) -> dict:
    log = json.loads(text)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return log


def sarif(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--format", "sarif", "--jobs", "1"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def apply_replacements(src: bytes, fix: dict) -> bytes:
    """Apply a SARIF fix's replacements (byte regions) to `src`, last first."""
    (change,) = fix["artifactChanges"]
    for rep in sorted(change["replacements"], key=lambda r: -r["deletedRegion"]["byteOffset"]):
        region = rep["deletedRegion"]
        start, end = region["byteOffset"], region["byteOffset"] + region["byteLength"]
        inserted = rep.get("insertedContent", {}).get("text", "").encode()
        src = src[:start] + inserted + src[end:]
    return src


def test_check_log_is_valid_and_complete(validator, tmp_path, monkeypatch):
    root = module(tmp_path, {"pkg/a.go": THREE_KINDS})
    monkeypatch.chdir(root)
    code, text = sarif("check")
    assert code == 1
    log = valid(validator, text)
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "deferfix"
    assert {r["id"] for r in driver["rules"]} == {t.rule.id for t in all_transforms()}
    assert run_["invocations"][0]["exitCode"] == 1
    assert run_["invocations"][0]["executionSuccessful"] is True
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/mod/")
    results = run_["results"]
    assert [r["properties"]["applicability"] for r in results] == ["safe", "unsafe", "none"]
    for result in results:
        rule = driver["rules"][result["ruleIndex"]]
        assert rule["id"] == result["ruleId"] == "deferred-lock"
        assert rule["help"]["text"].startswith("Finds `defer mu.Lock()`")
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "pkg/a.go", "uriBaseId": "%SRCROOT%"}
        assert result["properties"]["reason"]
        assert "why " in result["message"]["text"]
    safe = results[0]
    assert safe["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 9, "startColumn": 2, "endLine": 9, "endColumn": 17}
    # The fixes are the ones apply would write with the same flags: not the unsafe one here.
    assert "fixes" not in results[1] and "fixes" not in results[2]
    properties = safe["fixes"][0]["properties"]
    assert properties == {"applicability": "safe", "fixId": 1, "verification": "none",
                          "unverified": "check does not verify fixes; deferfix diff and "
                                        "apply do",
                          "resolves": [["deferred-lock", 9, 2]]}
    _, text = sarif("check", "--unsafe-fixes")
    results = valid(validator, text)["runs"][0]["results"]
    assert [("fixes" in r, r["properties"].get("fixId")) for r in results] == \
        [(True, 1), (True, 2), (False, None)]


def test_fix_artifact_changes_rebuild_the_fixed_file(validator, tmp_path, monkeypatch):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    monkeypatch.chdir(root)
    _, text = sarif("check")
    (result,) = valid(validator, text)["runs"][0]["results"]
    (fix,) = result["fixes"]
    assert fix["artifactChanges"][0]["artifactLocation"]["uri"] == "a.go"
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    # the text coordinates and the byte range name the same region (whole lines here)
    region = replacement["deletedRegion"]
    lines = LOCK_BUG.encode().splitlines(keepends=True)
    start = sum(map(len, lines[:region["startLine"] - 1])) + region["startColumn"] - 1
    end = sum(map(len, lines[:region["endLine"] - 1])) + region["endColumn"] - 1
    assert (start, end - start) == (region["byteOffset"], region["byteLength"])
    fixed = apply_replacements(LOCK_BUG.encode(), fix)
    assert CliRunner().invoke(main, ["apply", "a.go"]).exit_code == 0
    assert fixed == (root / "a.go").read_bytes()


def test_columns_count_utf16_code_units(validator, tmp_path, monkeypatch):
    src = LOCK_BUG.replace("\tmu.Lock()\n\tdefer mu.Lock()",
                           '\tmu.Lock(); _ = "ü😀"; defer mu.Lock()')
    root = module(tmp_path, {"a.go": src})
    monkeypatch.chdir(root)
    _, text = sarif("check")
    (result,) = valid(validator, text)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = src.splitlines()[region["startLine"] - 1]
    prefix = line[:line.index("defer")]
    assert region["startColumn"] == len(prefix.encode("utf-16-le")) // 2 + 1
    assert region["startColumn"] != len(prefix.encode()) + 1  # not a byte column
    assert text.count('"columnKind": "utf16CodeUnits"') == 1


def test_diff_and_apply_logs_are_valid(validator, tmp_path, monkeypatch):
    root = module(tmp_path, {"a.go": THREE_KINDS})
    monkeypatch.chdir(root)
    code, text = sarif("diff")
    assert code == 1 and len(valid(validator, text)["runs"][0]["results"]) == 3
    code, text = sarif("apply")
    assert code == 1
    log = valid(validator, text)
    # after apply the log holds what is left, with positions in the written file
    results = log["runs"][0]["results"]
    assert [r["properties"]["applicability"] for r in results] == ["unsafe", "none"]
    written = (root / "a.go").read_text().splitlines()
    for result in results:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert written[region["startLine"] - 1][region["startColumn"] - 1:].startswith("defer")
    assert log["runs"][0]["properties"]["summary"]["fixes"]["applied"] == 1


def test_rejections_and_errors_are_notifications(validator, tmp_path):
    root = module(tmp_path, {"a.go": VET_TARGET})
    result = run(Options(paths=[str(root)], transforms=["engine_rules:vet_breaker"], jobs=1))
    result.errors.append((str(root / "gone.go"), "cannot read: No such file or directory"))
    text = output.render_sarif("diff", result, result.findings,
                               [t.rule for t in all_transforms()], exit_code=2)
    log = valid(validator, text)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    levels = [(n["level"], n["message"]["text"].split(":")[0])
              for n in invocation["toolExecutionNotifications"]]
    assert levels == [("error", "cannot read"), ("warning", "fix rejected")]
    # a rule that is not in the registry (a test rule) still gets a descriptor
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[log["runs"][0]["results"][0]["ruleIndex"]]["id"] == "vet-breaker"
    # an absolute path outside the working directory is a file URI
    location = invocation["toolExecutionNotifications"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")


def test_non_utf8_replacements_and_odd_paths(validator, tmp_path):
    path = tmp_path / "dir with space" / "ä.go"
    path.parent.mkdir()
    src = b'package p\n\nvar s = "\xff"\n'
    path.write_bytes(src)
    fix = Fix("unsafe", "replace the byte", (Edit(19, 20, b"\xfe"),), "a test")
    finding = Finding("test-rule", str(path), 3, 10, "a byte", fix, start=19, end=20,
                      end_line=3, end_col=11)
    fix_set = FixSet(1, str(path), fix.edits, [finding], "none")
    result = SimpleNamespace(errors=[], rejected=[], files=[], changes=[], fix_sets=[fix_set])
    log = valid(validator, output.render_sarif("check", result, [finding], []))
    (res,) = log["runs"][0]["results"]
    inserted = res["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]
    assert inserted == {"binary": "/g=="}
    uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and "dir%20with%20space/%C3%A4.go" in uri
    assert os.path.isabs(str(path))


def test_clean_run_has_no_results(validator, tmp_path, monkeypatch):
    root = module(tmp_path, {"a.go": "package p\n"})
    monkeypatch.chdir(root)
    code, text = sarif("check")
    assert code == 0
    assert valid(validator, text)["runs"][0]["results"] == []
