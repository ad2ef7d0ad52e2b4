"""The options the commands share: one declaration of each option that `check`, `diff` and
`apply` (codemod/cli.py) and `pr` (codemod/bot.py) all take, with how it is parsed and
checked. Each is a click decorator; a command lists the ones it takes, in the order its
--help shows them (`with_options`). An option whose meaning differs between the commands
(--unsafe-fixes, --verbose) is declared by each command.
"""

from __future__ import annotations

from typing import Callable

import click

from . import registry
from .goversion import parse_version


def _go_version(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_version(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _rules_list(ctx, param, value):
    rules = [r.strip() for item in value for r in item.split(",") if r.strip()]
    known = set(registry.rule_ids()) | {"ALL"}
    for rule in rules:
        if rule not in known:
            raise click.BadParameter(f"unknown rule {rule!r}; `deferfix rules` lists them")
    return rules


SELECT = click.option("--select", multiple=True, callback=_rules_list,
                      help="Only these rules (comma-separated or repeated).")
IGNORE = click.option("--ignore", multiple=True, callback=_rules_list,
                      help="Skip these rules (comma-separated or repeated).")
GO_VERSION = click.option("--go-version", callback=_go_version, metavar="1.N",
                          help="Language version for every file, instead of go.mod and "
                               "//go:build.")
NO_VERIFY = click.option("--no-verify", is_flag=True,
                         help="Skip go vet (gofmt still checks syntax).")
JOBS = click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
                    help="Worker processes (default and most: the CPUs this process may use; "
                         "no more than there are packages).")
INCLUDE_GENERATED = click.option("--include-generated", is_flag=True,
                                 help="Also look at files marked '// Code generated … DO NOT "
                                      "EDIT.'")
EXCLUDE = click.option("--exclude", multiple=True, metavar="GLOB",
                       help="Skip paths matching this gitignore-style glob (repeatable).")
NEW_FROM_REV = click.option("--new-from-rev", metavar="REV",
                            help="Only findings on lines added or changed since REV (against "
                                 "the merge base when REV is a branch); check, diff and apply "
                                 "count uncommitted changes too.")
CONFIG = click.option("--config", "config_file", metavar="PATH",
                      help="Use this .deferfix.toml for every file, instead of the nearest.")
ISOLATED = click.option("--isolated", is_flag=True, help="Read no .deferfix.toml at all.")


def with_options(options: list[Callable]) -> Callable[[Callable], Callable]:
    """A decorator that gives a command `options` (click decorators), the first one first in
    its --help."""
    def decorate(func: Callable) -> Callable:
        for option in reversed(options):
            func = option(func)
        return func
    return decorate


def check_config(config_file: str | None, isolated: bool) -> None:
    """--config and --isolated: one says which .deferfix.toml, the other says none."""
    if config_file and isolated:
        raise click.UsageError("--config and --isolated contradict each other")
