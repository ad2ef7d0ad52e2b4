"""tests/conftest.py's scheduling under -n N: which modules keep their tests on one worker,
and that a real two-worker run does keep them there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import modules_with_shared_setup

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def test_the_modules_with_a_module_or_session_fixture_are_found():
    shared = modules_with_shared_setup(TESTS, ROOT)
    assert {"tests/test_wheel.py", "tests/test_golden.py", "tests/test_differential_rules.py",
            "tests/test_precommit.py", "tests/test_typed_verdicts.py"} <= shared
    assert "tests/test_engine.py" not in shared and "tests/test_cache.py" not in shared


def test_a_module_with_shared_setup_runs_on_one_worker(tmp_path):
    """Three tests that share a module fixture, and six that do not, under -n 2: the three
    on one worker (the fixture is made once), the others on both."""
    pytest.importorskip("xdist")
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "conftest.py").write_text((TESTS / "conftest.py").read_text())
    (tests / "gitea.py").write_text("def binary():\n    return None\n")
    (tests / "test_shared.py").write_text(
        "import os, time, pytest\n\n"
        "@pytest.fixture(scope='module')\n"
        "def made():\n"
        "    with open(os.environ['MADE_LOG'], 'a') as log:\n"
        "        log.write(os.environ.get('PYTEST_XDIST_WORKER', '-') + '\\n')\n\n"
        + "".join(f"def test_s{i}(made):\n    time.sleep(0.2)\n\n" for i in range(3)))
    (tests / "test_single.py").write_text(
        "import time\n\n" + "".join(f"def test_u{i}():\n    time.sleep(0.2)\n\n"
                                     for i in range(6)))
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')
    log = tmp_path / "made.log"
    env = {**os.environ, "MADE_LOG": str(log), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "-v", "-p",
                           "no:cacheprovider"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "scheduling tests via SharedSetupScheduling" in proc.stdout
    workers = {line.split()[0] for line in proc.stdout.splitlines()
               if "PASSED" in line and "test_shared.py" in line}
    assert len(workers) == 1, proc.stdout
    assert len(log.read_text().split()) == 1     # the fixture was made once
    singles = {line.split()[0] for line in proc.stdout.splitlines()
               if "PASSED" in line and "test_single.py" in line}
    assert len(singles) == 2, proc.stdout
