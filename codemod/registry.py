"""Finds the rules: every module in the `transforms` package with a RULE and a find()."""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil

import transforms

from .context import Transform


@functools.lru_cache(maxsize=None)
def load_module(name: str) -> Transform:
    """Load a rule by module name, or `module:attribute` for an object with RULE and find."""
    module_name, _, attribute = name.partition(":")
    module = importlib.import_module(module_name)
    if attribute:
        module = getattr(module, attribute)
    return Transform(rule=module.RULE, find=module.find, module=name)


# Test hook: more rules by `module:attribute`, comma-separated (tests/engine_rules.py), so
# that a test can run the real CLI with a rule made to raise. Anyone who can set a process's
# environment can already choose what Python imports (PYTHONPATH); nothing else reads it.
TEST_RULES_ENV = "DEFERFIX_TEST_RULES"


@functools.lru_cache(maxsize=1)
def all_transforms() -> tuple[Transform, ...]:
    found = []
    for info in pkgutil.iter_modules(transforms.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"transforms.{info.name}")
        if hasattr(module, "RULE") and hasattr(module, "find"):
            found.append(load_module(f"transforms.{info.name}"))
    found.extend(load_module(name.strip())
                 for name in os.environ.get(TEST_RULES_ENV, "").split(",") if name.strip())
    return tuple(sorted(found, key=lambda t: t.rule.id))


def rule_ids() -> list[str]:
    return [t.rule.id for t in all_transforms()]


def select(select: list[str] | None, ignore: list[str] | None) -> tuple[Transform, ...]:
    """The transforms chosen by --select/--ignore; unknown ids raise ValueError."""
    known = set(rule_ids())
    for rule in (select or []) + (ignore or []):
        if rule not in known and rule != "ALL":
            raise ValueError(f"unknown rule {rule!r} (known: {', '.join(sorted(known))})")
    chosen = all_transforms()
    if select and "ALL" not in select:
        chosen = tuple(t for t in chosen if t.rule.id in select)
    if ignore:
        chosen = tuple(t for t in chosen if t.rule.id not in ignore)
    return chosen
