"""Packaging (issue 17): `python -m build` makes an sdist that holds the whole source release
and, from that sdist, a wheel that holds everything deferfix runs (the go/types helper's Go
source too); the wheel, installed into a fresh venv (no system site-packages, no PYTHONPATH,
its dependencies from the package index as its metadata names them), runs `deferfix diff`
on the example, reads stdin without a deprecated click API under the newest click pyproject
allows, and builds the helper.

The build copies the tracked files to a temporary directory first, so the work tree gets no
build/ or egg-info, and the wheel is built from the sdist, as `python -m build` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

SOURCE_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = SOURCE_ROOT / "examples" / "leaky"
# Tracked files that only the repository needs (CI's script, git's ignore list).
REPOSITORY_ONLY = {".ci/run", ".gitignore"}


def source_files() -> list[str]:
    """The files of the source release: what git tracks, or (from an sdist) what is there."""
    if (SOURCE_ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=SOURCE_ROOT, check=True,
                                capture_output=True).stdout.decode().split("\0")
        untracked = subprocess.run(["git", "ls-files", "-z", "--others", "--exclude-standard"],
                                   cwd=SOURCE_ROOT, check=True,
                                   capture_output=True).stdout.decode().split("\0")
        return sorted({f for f in listed + untracked if f and (SOURCE_ROOT / f).is_file()})
    found = []
    for directory, subdirectories, names in os.walk(SOURCE_ROOT):
        subdirectories[:] = [d for d in subdirectories
                             if d not in ("__pycache__", "build", "dist")
                             and not d.endswith(".egg-info")]
        found += [os.path.relpath(os.path.join(directory, n), SOURCE_ROOT) for n in names
                  if n not in ("PKG-INFO", "setup.cfg")]
    return sorted(found)


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    for name in source_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(SOURCE_ROOT / name, target)
    run(sys.executable, "-m", "build", "--outdir", str(base / "dist"), str(source), cwd=base)
    (sdist,) = (base / "dist").glob("deferfix-*.tar.gz")
    (wheel,) = (base / "dist").glob("deferfix-*-py3-none-any.whl")
    return {"base": base, "sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def venv(built) -> Path:
    """A fresh venv with the wheel (--no-deps) and then the requirements its metadata lists."""
    env_dir = built["base"] / "venv"
    run(sys.executable, "-m", "venv", str(env_dir))
    python = env_dir / "bin" / "python"
    run(str(python), "-m", "pip", "install", "-q", "--no-deps", str(built["wheel"]))
    with zipfile.ZipFile(built["wheel"]) as wheel:
        metadata = wheel.read(next(n for n in wheel.namelist()
                                   if n.endswith(".dist-info/METADATA"))).decode()
    requirements = [line.split(":", 1)[1].strip() for line in metadata.splitlines()
                    if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert any(r.startswith("click") for r in requirements), requirements
    run(str(python), "-m", "pip", "install", "-q", *requirements)
    run(str(python), "-m", "pip", "check")
    return env_dir


def installed(venv: Path, *args: str, cwd: Path, stdin: str = "",
              env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed `deferfix` script, outside the source tree, without PYTHONPATH."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    clean.update(DEFERFIX_CACHE_DIR=str(cwd / "cache"), PYTHONWARNINGS="error::DeprecationWarning",
                 **(env or {}))
    return subprocess.run([str(venv / "bin" / "deferfix"), *args], cwd=cwd, env=clean,
                          input=stdin, capture_output=True, text=True, timeout=300)


def test_the_sdist_holds_the_whole_source(built):
    with tarfile.open(built["sdist"]) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers()
                   if m.isfile() and "/" in m.name}
    missing = set(source_files()) - REPOSITORY_ONLY - members
    assert not missing, sorted(missing)
    assert "PKG-INFO" in members


def test_the_wheel_holds_what_runs_and_nothing_else(built):
    runtime = {f for f in source_files() if f.startswith(("codemod/", "transforms/"))}
    assert {"codemod/analysis/gotypes/helper/main.go",
            "codemod/analysis/gotypes/helper/go.mod"} <= runtime
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = wheel.namelist()
        entry_points = wheel.read(next(n for n in names
                                       if n.endswith(".dist-info/entry_points.txt"))).decode()
    packaged = {n for n in names if ".dist-info/" not in n}
    assert packaged == runtime
    assert "deferfix = codemod.cli:main" in entry_points


def test_the_installed_wheel_runs_diff_on_the_example(venv, tmp_path):
    python = venv / "bin" / "python"
    found = run(str(python), "-c", "import codemod; print(codemod.__file__)", cwd=tmp_path,
                env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"}).stdout
    assert found.startswith(str(venv)), found          # the wheel's copy, not the source tree
    version = installed(venv, "--version", cwd=tmp_path)
    assert version.returncode == 0 and "0.1.0" in version.stdout, version.stderr
    example = tmp_path / "leaky"
    shutil.copytree(EXAMPLE, example)
    proc = installed(venv, "diff", "leaky", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "+\tdefer r.mu.Unlock()\n" in proc.stdout and "+\t}(len(data))\n" in proc.stdout
    assert "4 fixes in the diff" in proc.stderr and "Warning" not in proc.stderr


def test_the_installed_wheel_reads_stdin_without_deprecated_click_apis(venv, tmp_path):
    """With the newest click that pyproject allows (8.5 deprecates get_binary_stream) and
    every DeprecationWarning an error, `check -` reads the file from stdin."""
    python = venv / "bin" / "python"
    click_version = run(str(python), "-c", "import importlib.metadata as m; "
                        "print(m.version('click'))", cwd=tmp_path).stdout.strip()
    shutil.copytree(EXAMPLE, tmp_path / "leaky")
    source = (EXAMPLE / "leaky.go").read_text()
    proc = installed(venv, "check", "-", "--stdin-filename", "leaky/leaky.go", cwd=tmp_path,
                     stdin=source)
    assert proc.returncode == 1, f"click {click_version}: {proc.stderr}"
    assert "leaky/leaky.go:83:2: deferred-lock:" in proc.stdout
    assert "Warning" not in proc.stderr


def test_the_installed_wheel_builds_the_go_types_helper(venv, tmp_path):
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = run(str(python), "-c", "import sys; from codemod.analysis.gotypes.helper import "
               "ensure_helper; print(ensure_helper(sys.argv[1])[0])", str(tmp_path / "cache"),
               cwd=tmp_path, env=env)
    binary = Path(proc.stdout.strip())
    assert binary.parent == tmp_path / "cache" and os.access(binary, os.X_OK)
