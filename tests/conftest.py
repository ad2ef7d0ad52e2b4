"""Test options: `--no-go` skips the tests that run the Go toolchain. The real-forge tests
(marker `realforge`, deselected by pyproject's addopts) run where a Gitea binary is cached
(tests/gitea.py build) or when DEFERFIX_REAL_FORGE=1 asks for them (which builds it first when
it is missing); elsewhere, CI included, they are deselected, not skipped.

`python3 -m pytest --no-go` is what a rule author runs while writing a rule: the rules, the
engine and the golden cases in-process (gofmt still runs). CI runs everything.

Under `-n N` (pytest-xdist) without an explicit `--dist`, the tests of a module that declares
a module- or session-scoped fixture (a build of every golden program, the differential
corpora, the wheel and its venv, a types cache a module's tests share) run on one worker,
and every other test on whichever worker is free: xdist's default `load` handed out single
tests, so such a fixture was built again on each worker that got one of the module's tests.
The modules go first, the largest first, so that none of them is left for the end.
(`--dist loadgroup` would say the same with markers, but xdist 3.8 cannot group under
pytest 9: it renames tests through an attribute pytest no longer reads.)

The go/types helper is built once for the session, in the session's temporary directory
(DEFERFIX_TEST_HELPER_DIR, codemod/analysis/gotypes/helper.py), not once in each test's own
DEFERFIX_CACHE_DIR; tests/test_gotypes.py and tests/test_wheel.py, which test the build
itself, name their directories.
"""

import ast
import os
import sys
from pathlib import Path

import pytest


def pytest_addoption(parser):
    parser.addoption("--no-go", action="store_true",
                     help="skip the tests marked `go` (go vet, go build, go run)")


def pytest_configure(config):
    if config.option.markexpr != "not realforge":
        return  # the user chose the markers
    sys.path.insert(0, os.path.dirname(__file__))
    try:
        import gitea
    finally:
        sys.path.pop(0)
    if os.environ.get("DEFERFIX_REAL_FORGE") == "1" or gitea.binary() is not None:
        config.option.markexpr = ""


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--no-go"):
        return
    kept = [item for item in items if item.get_closest_marker("go") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def _dist_explicit(config) -> bool:
    args = list(config.invocation_params.args) + config.getini("addopts") + \
        os.environ.get("PYTEST_ADDOPTS", "").split()
    return any(a == "--dist" or a.startswith("--dist=") for a in args)


def modules_with_shared_setup(tests: Path, root: Path) -> set[str]:
    """The test modules (as node ids, relative to `root`) that declare a fixture of module
    or session scope."""
    found = set()
    for path in sorted(tests.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and any(
                        k.arg == "scope" and isinstance(k.value, ast.Constant)
                        and k.value.value in ("module", "session") for k in d.keywords)
                    for d in node.decorator_list):
                found.add(path.relative_to(root).as_posix())
                break
    return found


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist, on the controller: how the tests are shared out (see the module docstring)."""
    if config.getvalue("dist") != "load" or _dist_explicit(config):
        return None
    from xdist.scheduler import LoadScopeScheduling
    shared = modules_with_shared_setup(Path(__file__).resolve().parent, config.rootpath)

    class SharedSetupScheduling(LoadScopeScheduling):
        """A module with shared setup is one unit of work; any other test is a unit alone.
        Units go out largest first (xdist's loadscope reorder), then in collection order."""

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in shared else nodeid

    return SharedSetupScheduling(config, log)


@pytest.fixture(scope="session", autouse=True)
def _one_types_helper(tmp_path_factory):
    """Every deferfix run of the session, in this process or a child, finds the go/types
    helper in one directory shared by the workers (a build there is atomic)."""
    from codemod.analysis.gotypes.helper import HELPER_DIR_ENV
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    previous = os.environ.get(HELPER_DIR_ENV)
    os.environ[HELPER_DIR_ENV] = str(shared / "gotypes-helper")
    yield
    if previous is None:
        os.environ.pop(HELPER_DIR_ENV, None)
    else:
        os.environ[HELPER_DIR_ENV] = previous
