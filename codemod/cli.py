"""The command line: a thin click layer over `runner.run`.

Exit codes: 0 clean; 1 findings (check), a diff (diff) or findings left unfixed (apply);
2 usage errors, a missing go/gofmt, paths or files that could not be read or written.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from typing import Callable

import click

from . import registry
from .diffs import unified_diff
from .goversion import parse_version
from .model import Finding
from .runner import Options, RunResult, run
from .verify import ToolMissing
from .writer import WriteError, write_atomic

JSON_VERSION = 1


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


def common_options(func: Callable) -> Callable:
    options = [
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--select", multiple=True, callback=_rules_list,
                     help="Only these rules (comma-separated or repeated)."),
        click.option("--ignore", multiple=True, callback=_rules_list,
                     help="Skip these rules (comma-separated or repeated)."),
        click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe."),
        click.option("--go-version", callback=_go_version, metavar="1.N",
                     help="Language version for every file, instead of go.mod and //go:build."),
        click.option("--no-verify", is_flag=True, help="Skip go vet (gofmt still checks syntax)."),
        click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
                     help="Worker processes (default: the CPU count)."),
        click.option("--format", "output_format", type=click.Choice(["text", "json"]),
                     default="text", show_default=True),
        click.option("--include-generated", is_flag=True,
                     help="Also look at files marked '// Code generated … DO NOT EDIT.'"),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Skip paths matching this gitignore-style glob (repeatable)."),
        click.option("--verbose", "-v", is_flag=True, help="Notes, skips and timings on stderr."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _options(kwargs: dict, fix: bool) -> Options:
    return Options(paths=kwargs["paths"] or (".",), select=kwargs["select"] or None,
                   ignore=kwargs["ignore"] or None, unsafe_fixes=kwargs["unsafe_fixes"],
                   go_version=kwargs["go_version"], fix=fix, verify=not kwargs["no_verify"],
                   jobs=kwargs["jobs"], include_generated=kwargs["include_generated"],
                   exclude=kwargs["exclude"], progress=sys.stderr.isatty())


def _execute(options: Options) -> RunResult:
    for path in options.paths:
        if not os.path.exists(path):
            raise click.UsageError(f"{path}: no such file or directory")
    try:
        return run(options)
    except ToolMissing as exc:
        click.echo(f"deferfix: {exc}", err=True)
        sys.exit(2)


def finding_line(finding: Finding) -> str:
    return (f"{finding.path}:{finding.line}:{finding.col}: {finding.rule}: {finding.message} "
            f"[fix: {finding.applicability}]")


def _report_problems(result: RunResult, verbose: bool) -> None:
    for path, message in result.errors:
        click.echo(f"deferfix: {path}: {message}", err=True)
    for rejection in result.rejected:
        f = rejection.finding
        click.echo(f"{f.path}:{f.line}:{f.col}: {f.rule}: fix rejected: {rejection.reason}",
                   err=True)
    shown = set()
    for path, note in result.notes:
        if (verbose or note.startswith(("could not vet", "did not converge"))) \
                and (path, note) not in shown:
            shown.add((path, note))
            click.echo(f"{path}: {note}", err=True)
    if verbose:
        for reason, count in sorted(result.skipped.items()):
            click.echo(f"skipped {count} file(s): {reason}", err=True)
        for name, seconds in result.timings.items():
            click.echo(f"time {name}: {seconds:.2f}s", err=True)
        click.echo(f"go vet invocations: {result.vet_invocations}", err=True)


def _json(command: str, result: RunResult, findings: list[Finding], **extra) -> str:
    payload = {
        "version": JSON_VERSION,
        "command": command,
        "findings": [f.to_dict() for f in findings],
        "changes": [{"path": c.display,
                     "diff": unified_diff(c.display, c.original, c.new).decode("utf-8",
                                                                               "replace"),
                     "fixes": [f.to_dict() for f in c.applied]} for c in result.changes],
        "rejected": [{"finding": r.finding.to_dict(), "reason": r.reason}
                     for r in result.rejected],
        "errors": [{"path": p, "message": m} for p, m in result.errors],
        "notes": [{"path": p, "note": n} for p, n in result.notes],
        **extra,
    }
    return json.dumps(payload, indent=2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="deferfix")
def main() -> None:
    """deferfix: find risky defer patterns in Go and rewrite them into safe, verified forms."""


@main.command()
@common_options
def check(**kwargs) -> None:
    """Report findings. Exits 1 when there are any."""
    result = _execute(_options(kwargs, fix=False))
    findings = result.findings
    if kwargs["output_format"] == "json":
        click.echo(_json("check", result, findings))
    else:
        for finding in findings:
            click.echo(finding_line(finding))
    _report_problems(result, kwargs["verbose"])
    sys.exit(2 if result.errors else 1 if findings else 0)


@main.command()
@common_options
def diff(**kwargs) -> None:
    """Print a unified diff of the verified fixes. Exits 1 when there is one."""
    result = _execute(_options(kwargs, fix=True))
    if kwargs["output_format"] == "json":
        click.echo(_json("diff", result, result.findings))
    else:
        out = sys.stdout.buffer
        for change in result.changes:
            out.write(unified_diff(change.display, change.original, change.new))
        out.flush()
    _report_problems(result, kwargs["verbose"])
    sys.exit(2 if result.errors else 1 if result.changes else 0)


@main.command()
@common_options
def apply(**kwargs) -> None:
    """Write the verified fixes in place. Exits 0 when nothing is left unfixed."""
    result = _execute(_options(kwargs, fix=True))
    written, failed = [], []
    for change in result.changes:
        try:
            write_atomic(change.path, change.original, change.new)
            written.append(change)
        except WriteError as exc:
            failed.append(change)
            result.errors.append((change.display, str(exc)))
    remaining = list(result.remaining)
    for change in failed:
        remaining.extend(f for r in result.files if r.path == change.path for f in r.findings)
    if kwargs["output_format"] == "json":
        click.echo(_json("apply", result, result.findings,
                         written=[c.display for c in written],
                         remaining=[f.to_dict() for f in remaining]))
    else:
        for change in written:
            click.echo(f"fixed {change.display} ({len(change.applied)} fix"
                       f"{'es' if len(change.applied) != 1 else ''})", err=True)
        for finding in sorted(remaining, key=lambda f: (f.path, f.line, f.col)):
            click.echo(finding_line(finding))
    _report_problems(result, kwargs["verbose"])
    sys.exit(2 if result.errors else 1 if remaining else 0)


@main.command()
def rules() -> None:
    """List the rules, their summaries and the fix kinds they can produce."""
    for transform in registry.all_transforms():
        rule = transform.rule
        click.echo(f"{rule.id}: {rule.summary} [fixes: {', '.join(rule.fixes)}]")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain RULE: what it finds, why it matters, a before/after, when its fix is safe."""
    for transform in registry.all_transforms():
        if transform.rule.id == rule:
            click.echo(f"{rule}: {transform.rule.summary}\n")
            click.echo(transform.rule.explain.rstrip())
            return
    raise click.UsageError(f"unknown rule {rule!r}; `deferfix rules` lists them")


if __name__ == "__main__":
    main()
