"""The composite GitHub Action (action.yml): its shape, and its shell steps run for real with
the environment a runner gives them (inputs as env, $GITHUB_OUTPUT), on a temporary module."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import yaml

from test_engine import LOCK_BUG, LOCK_FIXED, module

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = {step["name"]: step for step in ACTION["runs"]["steps"]}


def run_step(name: str, cwd: Path, env: dict[str, str]) -> tuple[int, dict, str]:
    """Run one `run:` step with bash as the runner does; its exit code, outputs and stdout."""
    step = STEPS[name]
    assert step["shell"] == "bash"
    outputs = cwd / "github_output"
    outputs.write_text("")
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **env, "GITHUB_OUTPUT": str(outputs),
                                          "GITHUB_ACTION_PATH": str(ROOT)})
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if line)
    return proc.returncode, values, proc.stdout


def check_env(**overrides: str) -> dict[str, str]:
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    inputs.update(overrides)
    return {"DEFERFIX_PATHS": inputs["paths"], "DEFERFIX_ARGS": inputs["args"],
            "DEFERFIX_SARIF": inputs["sarif-file"], "DEFERFIX_ANNOTATIONS": inputs["annotations"]}


def test_action_shape():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) >= {"command", "paths", "args", "upload-sarif", "sarif-file",
                                     "annotations", "fail-on-findings", "token"}
    upload = STEPS["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"
    assert '"$GITHUB_ACTION_PATH"' in STEPS["Install deferfix"]["run"]
    assert STEPS["deferfix pr"]["env"]["GITHUB_TOKEN"] == "${{ inputs.token }}"
    # inputs reach the scripts through env, never pasted into the script text
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def test_check_step_writes_sarif_and_annotations(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    code, outputs, stdout = run_step("deferfix check", root, check_env())
    assert code == 0  # the step records the exit code; a later step decides
    assert outputs == {"sarif-file": "deferfix.sarif", "exit-code": "1"}
    log = json.loads((root / "deferfix.sarif").read_text())
    assert log["runs"][0]["results"][0]["ruleId"] == "deferred-lock"
    assert stdout.startswith("::warning file=a.go,line=9,")
    code, _, stdout = run_step("deferfix check", root, check_env(annotations="false"))
    assert code == 0 and stdout == ""


def test_check_step_passes_args_and_paths(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG, "sub/b.go": LOCK_FIXED})
    _, outputs, _ = run_step("deferfix check", root,
                             check_env(paths="sub", args="--select deferred-lock",
                                       **{"sarif-file": "out.sarif"}))
    assert outputs == {"sarif-file": "out.sarif", "exit-code": "0"}
    assert json.loads((root / "out.sarif").read_text())["runs"][0]["results"] == []


def test_fail_on_findings_step(tmp_path):
    for code, fail, expected in (("0", "true", 0), ("1", "true", 1), ("1", "false", 0),
                                 ("2", "false", 2)):
        got, _, _ = run_step("Fail on findings", tmp_path,
                             {"CODE": code, "FAIL_ON_FINDINGS": fail})
        assert got == expected, (code, fail)
