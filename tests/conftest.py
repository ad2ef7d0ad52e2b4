"""Test options: `--no-go` skips the tests that run the Go toolchain. The real-forge tests
(marker `realforge`, deselected by pyproject's addopts) run where a Gitea binary is cached
(tests/gitea.py build) or when DEFERFIX_REAL_FORGE=1 asks for them (which builds it first when
it is missing); elsewhere, CI included, they are deselected, not skipped.

`python3 -m pytest --no-go` is what a rule author runs while writing a rule: the rules, the
engine and the golden cases in-process (gofmt still runs). CI runs everything.
"""

import os
import sys

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
