"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit on a temporary git
repository: pre-commit clones deferfix from a local git repository, installs it into its own
virtualenv (from PyPI, as it does for users), and runs it on the staged Go files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_engine import LOCK_BUG, LOCK_FIXED

ROOT = Path(__file__).resolve().parent.parent
# What `pip install` of deferfix needs, plus the hooks file.
SHIPPED = ["pyproject.toml", "README.md", "codemod", "transforms", ".pre-commit-hooks.yaml"]
GIT_ID = ["-c", "user.name=Test", "-c", "user.email=test@example.com",
          "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
REPORT_ONLY = LOCK_FIXED + "\nfunc H() {\n\tdefer mu.Lock()\n}\n"


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True,
                          check=True)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
            "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """deferfix as pre-commit sees it: a git repository with the hooks file at a commit."""
    repo = tmp_path_factory.mktemp("deferfix-hooks")
    for name in SHIPPED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "deferfix")
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


def project(tmp_path: Path, hook_repo, hooks: list[str], files: dict[str, str]) -> Path:
    repo, rev = hook_repo
    root = tmp_path / "project"
    root.mkdir()
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    for name, content in files.items():
        (root / name).write_text(content)
    config = {"repos": [{"repo": str(repo), "rev": rev, "hooks": [{"id": h} for h in hooks]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(root, "init", "-q")
    git(root, "add", "-A")
    return root


def pre_commit(root: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def test_hooks_file_is_what_pre_commit_expects():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["deferfix"]["entry"] == "deferfix check"
    assert by_id["deferfix-apply"]["entry"] == "deferfix apply"
    for hook in hooks:
        assert hook["language"] == "python" and hook["types"] == ["go"]
        assert hook["require_serial"] is True


def test_check_hook_fails_on_findings_and_passes_when_clean(tmp_path, hook_repo, env):
    root = project(tmp_path, hook_repo, ["deferfix"], {"a.go": LOCK_BUG, "notes.txt": "x\n"})
    proc = pre_commit(root, env, "run", "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "deferfix check" in proc.stdout and "Failed" in proc.stdout
    assert "a.go:9:2: deferred-lock:" in proc.stdout
    assert (root / "a.go").read_text() == LOCK_BUG  # check writes nothing
    (root / "a.go").write_text(LOCK_FIXED)
    git(root, "add", "a.go")
    proc = pre_commit(root, env, "run", "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_apply_hook_fixes_the_files(tmp_path, hook_repo, env):
    root = project(tmp_path, hook_repo, ["deferfix-apply"],
                   {"a.go": LOCK_BUG, "b.go": REPORT_ONLY.replace("func F", "func G")})
    proc = pre_commit(root, env, "run", "--all-files")
    assert proc.returncode == 1
    assert "files were modified by this hook" in proc.stdout
    assert "fixed a.go (1 fix)" in proc.stdout
    assert "b.go:13:2: deferred-lock:" in proc.stdout  # report-only: left for a person
    assert (root / "a.go").read_text() == LOCK_FIXED
    # once the report-only finding is dealt with, the hook passes
    (root / "b.go").write_text(LOCK_FIXED.replace("func F", "func G"))
    git(root, "add", "-A")
    proc = pre_commit(root, env, "run", "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_git_commit_runs_the_hook(tmp_path, hook_repo, env):
    root = project(tmp_path, hook_repo, ["deferfix"], {"a.go": LOCK_BUG})
    assert pre_commit(root, env, "install").returncode == 0
    blocked = subprocess.run(["git", *GIT_ID, "commit", "-m", "bug"], cwd=root, env=env,
                             capture_output=True, text=True)
    assert blocked.returncode != 0
    assert "deferred-lock" in blocked.stdout + blocked.stderr
    (root / "a.go").write_text(LOCK_FIXED)
    git(root, "add", "a.go")
    committed = subprocess.run(["git", *GIT_ID, "commit", "-m", "fixed"], cwd=root, env=env,
                               capture_output=True, text=True)
    assert committed.returncode == 0, committed.stdout + committed.stderr
