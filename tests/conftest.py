"""Test options: `--no-go` skips the tests that run the Go toolchain; DEFERFIX_REAL_FORGE=1
selects the real-forge tests, which pyproject's addopts deselect.

`python3 -m pytest --no-go` is what a rule author runs while writing a rule: the rules, the
engine and the golden cases in-process (gofmt still runs). CI runs everything.
"""

import os

import pytest


def pytest_addoption(parser):
    parser.addoption("--no-go", action="store_true",
                     help="skip the tests marked `go` (go vet, go build, go run)")


def pytest_configure(config):
    if os.environ.get("DEFERFIX_REAL_FORGE") == "1" and \
            config.option.markexpr == "not realforge":
        config.option.markexpr = ""


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--no-go"):
        return
    kept = [item for item in items if item.get_closest_marker("go") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept
