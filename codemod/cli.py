"""The command line: a thin click layer over `runner.run`.

Exit codes: 0 clean; 1 findings (check), a diff (diff) or findings left unfixed (apply);
2 usage errors, a missing go/gofmt, paths or files that could not be read or written,
internal errors (codemod/internal.py); 128 + the signal when interrupted, 130 for Ctrl-C
(codemod/signals.py).
"""

from __future__ import annotations

import dataclasses
import errno
import os
import sys
from typing import Callable

import click

from . import internal, output, registry, review, signals, suppress
from .runner import Options, RunResult, run
from .config import ConfigError
from .newcode import RevisionError
from .options import (CONFIG, EXCLUDE, GO_VERSION, IGNORE, INCLUDE_GENERATED, ISOLATED, JOBS,
                      NEW_FROM_REV, NO_VERIFY, SELECT, check_config, with_options)
from .verify import ToolMissing
from .writer import Writes


def common_options(func: Callable) -> Callable:
    options = [
        # Not click.Path(readable=True): the run names a path it cannot read and goes on.
        click.argument("paths", nargs=-1, type=click.Path(readable=False)),
        SELECT,
        IGNORE,
        click.option("--unsafe-fixes/--no-unsafe-fixes", default=None,
                     help="Also apply fixes marked unsafe (default: .deferfix.toml, else no)."),
        GO_VERSION,
        NO_VERIFY,
        click.option("--no-types", is_flag=True,
                     help="Do not ask go/types: verdicts rest on the syntax alone, which is "
                          "never more permissive (what it cannot settle is unsafe or "
                          "report-only)."),
        click.option("--require-vet", is_flag=True,
                     help="Reject fixes that go vet could not check (a module go vet cannot "
                          "load, no go.mod); they are counted as unverified otherwise."),
        JOBS,
        INCLUDE_GENERATED,
        EXCLUDE,
        click.option("--verbose", "-v", is_flag=True, help="Notes, skips and timings on stderr."),
        click.option("--no-cache", is_flag=True,
                     help="Neither read nor write the result cache (`deferfix cache` shows it)."),
        click.option("--format", "output_format", type=click.Choice(output.FORMATS),
                     default="text", show_default=True,
                     help="text, json (versioned), sarif (2.1.0), github (annotations), gitlab "
                          "(Code Quality) or junit (XML, a failing test per finding)."),
        click.option("--color", type=click.Choice(output.COLOR_CHOICES), default="auto",
                     show_default=True,
                     help="Colour diffs and findings; auto: on a terminal without NO_COLOR."),
        click.option("--quiet", "-q", is_flag=True,
                     help="No progress bar, no 'fixed FILE' lines and no summary line on "
                          "stderr (errors still print)."),
        click.option("--statistics", is_flag=True,
                     help="Print a table of the findings per rule and fix kind (and for diff "
                          "and apply, the fixes per rule) instead of the findings or diff."),
        click.option("--exit-zero", is_flag=True,
                     help="Exit 0 even with findings or a diff (errors still exit 2)."),
        click.option("--output-file", "-o", metavar="PATH",
                     help="Write what would go to stdout (any --format) to PATH."),
        click.option("--stdin-filename", metavar="PATH",
                     help="With '-': the file's path, for its module, Go version and config."),
        NEW_FROM_REV,
        CONFIG,
        ISOLATED,
    ]
    return with_options(options)(func)


def _check_output_file(path: str | None) -> None:
    """-o: a place the report can be written, found out before the run, not after it."""
    if not path:
        return
    if path.endswith(".go"):
        raise click.UsageError(f"-o {path}: a report is not written over a Go file")
    parent = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path) or not os.path.isdir(parent) or not os.access(parent, os.W_OK):
        why = "a directory" if os.path.isdir(path) else \
            "no such directory" if not os.path.isdir(parent) else "directory not writable"
        click.echo(f"deferfix: {path}: cannot write: {why}", err=True)
        sys.exit(2)


def _options(kwargs: dict, fix: bool) -> Options:
    internal.verbose = kwargs["verbose"]
    if kwargs.get("require_vet") and kwargs["no_verify"]:
        raise click.UsageError("--require-vet and --no-verify contradict each other")
    _check_output_file(kwargs.get("output_file"))
    if kwargs.get("statistics") and kwargs["output_format"] != "text":
        raise click.UsageError("--statistics prints a table in place of the text output: it "
                               "goes with --format text (json's summary has the counts)")
    check_config(kwargs.get("config_file"), bool(kwargs.get("isolated")))
    return Options(require_vet=bool(kwargs.get("require_vet")),
                   paths=kwargs["paths"] or (".",), select=kwargs["select"] or None,
                   ignore=kwargs["ignore"] or None, unsafe_fixes=kwargs["unsafe_fixes"],
                   go_version=kwargs["go_version"], fix=fix, verify=not kwargs["no_verify"],
                   jobs=kwargs["jobs"], include_generated=kwargs["include_generated"],
                   exclude=kwargs["exclude"],
                   progress=sys.stderr.isatty() and not kwargs["quiet"],
                   contents=_stdin_contents(kwargs), cache=not kwargs["no_cache"],
                   types=False if kwargs.get("no_types") else None,
                   config_file=kwargs.get("config_file"), isolated=bool(kwargs.get("isolated")),
                   new_from_rev=kwargs.get("new_from_rev"))


# Where text read from stdin "is" without --stdin-filename: outside any module and package.
STDIN_PATH = "/dev/stdin"


def _stdin_contents(kwargs: dict) -> dict[str, bytes] | None:
    """With '-' as the only path: the Go file on stdin, by its --stdin-filename path."""
    paths, name = kwargs["paths"], kwargs["stdin_filename"]
    if "-" not in paths:
        if name:
            raise click.UsageError("--stdin-filename goes with '-' (read the file from stdin)")
        return None
    if len(paths) > 1:
        raise click.UsageError("'-' (read from stdin) cannot be mixed with other paths")
    path = os.path.abspath(name) if name else STDIN_PATH
    # Kept in kwargs too: _settings hands the text to the output (positions, columns).
    # click.open_file("-", "rb"): stdin's bytes (click.get_binary_stream is deprecated in 8.5
    # and goes in Click 9); it leaves stdin open.
    with click.open_file("-", "rb") as stdin:
        kwargs["stdin_contents"] = {path: stdin.read()}
    return kwargs["stdin_contents"]


def _settings(kwargs: dict) -> output.Settings:
    return output.Settings(format=kwargs["output_format"], color=kwargs["color"],
                           verbose=kwargs["verbose"], quiet=kwargs["quiet"],
                           stdin="-" in kwargs["paths"],
                           contents=kwargs.get("stdin_contents"),
                           arguments=_Group.arguments(),
                           output_file=kwargs.get("output_file"),
                           unsafe_fixes=kwargs.get("unsafe_fixes"),
                           statistics=bool(kwargs.get("statistics")))


def _help(text: str, zero: str, one: str) -> str:
    """A command's help: `text`, then its exit codes (\\b keeps click from rewrapping)."""
    return f"""{text}

\b
Exit codes:
  0  {zero}
  1  {one} (0 with --exit-zero)
  2  a usage error, a missing go or gofmt, a bad .deferfix.toml, a path or
     file that could not be read or written, or an internal error (a bug; the
     run goes on with the others)
  130  interrupted by Ctrl-C (128 + the signal: 143 for SIGTERM)"""


def _exit_code(kwargs: dict, result: RunResult, failing: bool) -> int:
    """2 for errors, else 1 when `failing` (findings, a diff, findings left), unless
    --exit-zero."""
    if result.errors:
        return 2
    return 1 if failing and not kwargs.get("exit_zero") else 0


def _execute(options: Options) -> RunResult:
    # A path that cannot be read is named in one line by the run, which goes on with the
    # others and exits 2 at the end.
    try:
        return run(options)
    except (ToolMissing, ConfigError, RevisionError) as exc:
        click.echo(f"deferfix: {exc}", err=True)
        sys.exit(2)


class _Group(click.Group):
    """A group whose heavier commands are imported when first used: `pr` pulls in an HTTP
    client, which would add a large share of a warm `check`'s start-up time."""

    lazy = {"pr": ("codemod.bot", "pr")}

    def main(self, args=None, *rest, **kwargs):
        # The arguments as the process got them (SARIF's invocations[0].arguments).
        self.invoked_with = list(sys.argv[1:] if args is None else args)
        return super().main(args, *rest, **kwargs)

    @staticmethod
    def arguments() -> tuple[str, ...]:
        ctx = click.get_current_context(silent=True)
        root = ctx.find_root().command if ctx else None
        return tuple(getattr(root, "invoked_with", ()))

    def invoke(self, ctx: click.Context):
        """Run the command. An exception that escapes it is a bug in deferfix: one line
        naming what was being processed (the traceback with -v), exit 2 (1 means findings)."""
        signals.install()
        _closed_streams()
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise   # `deferfix check | head -1`: click exits 1, quietly
            # The system's answer (a full disk, a closed stdout), not a bug: one line.
            where = internal.where(exc)
            click.echo(f"deferfix: {where + ': ' if where else ''}{exc.strerror or exc}",
                       err=True)
            if internal.verbose:
                click.echo(internal.trace(exc), err=True)
            sys.exit(2)
        except KeyboardInterrupt as exc:   # Ctrl-C, SIGTERM, SIGHUP (codemod/signals.py)
            name = exc.args[0] if isinstance(exc, signals.Interrupted) else "SIGINT"
            nothing = "; no file was written" if ctx.invoked_subcommand == "apply" else ""
            click.echo(f"deferfix: interrupted by {name}{nothing}", err=True)
            sys.exit(signals.exit_code(exc))
        except Exception as exc:
            click.echo(internal.escaped(exc, internal.verbose), err=True)
            sys.exit(2)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            import importlib
            module, attribute = self.lazy[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="deferfix")
def main() -> None:
    """deferfix: find risky defer patterns in Go and rewrite them into safe, verified forms."""
    _names_as_bytes()


def _closed_streams() -> None:
    """A standard stream the caller closed (`>&-`): its descriptor is taken by /dev/null, so
    that no file deferfix opens gets its number (and output meant for it); stderr then goes
    nowhere, and stdout stays None: writing the output fails, one line and exit 2."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")


def _names_as_bytes() -> None:
    """A file name that is not UTF-8 is printed with its own bytes, as ls and go print it,
    instead of failing (stdout is strict in a UTF-8 locale) or showing `\\udcff` (stderr)."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "encoding", "").lower().replace("-", "") == "utf8" \
                and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")


@main.command(help=_help("Report findings.", zero="no findings", one="findings"))
@common_options
@click.option("--show-unused-suppressions", is_flag=True,
              help="Also report //deferfix:ignore (and //nolint:deferfix) comments that "
                   "suppress nothing or name unknown rules.")
def check(show_unused_suppressions: bool = False, **kwargs) -> None:
    # json and SARIF carry the fixes: computed as diff would, marked as not verified.
    options = _options(kwargs, fix=kwargs["output_format"] in ("json", "sarif"))
    options.unverified_fixes = options.fix
    result = _execute(options)
    if show_unused_suppressions:
        for file_result in result.files:
            file_result.findings.extend(suppress.unused_findings(
                file_result.display, file_result.unused_suppressions))
    code = _exit_code(kwargs, result, bool(result.findings))
    output.emit("check", result, _settings(kwargs), exit_code=code)
    sys.exit(code)


@main.command(help=_help("Print a unified diff of the verified fixes.", zero="no diff",
                         one="a diff"))
@common_options
def diff(**kwargs) -> None:
    result = _execute(_options(kwargs, fix=True))
    code = _exit_code(kwargs, result, bool(result.changes))
    output.emit("diff", result, _settings(kwargs), exit_code=code)
    sys.exit(code)


@main.command(help=_help(
    "Write the verified fixes in place.\n\nWith '-' as the path, read one Go file from "
    "stdin and write the fixed text to stdout.", zero="nothing is left unfixed",
    one="findings are left unfixed:\n     report-only, unsafe, rejected or declined"))
@common_options
@click.option("--interactive", "-i", is_flag=True,
              help="Show each fix with its diff and ask: [y]es, [n]o, [a]ll, [q]uit.")
def apply(**kwargs) -> None:
    settings = _settings(kwargs)
    if settings.stdin and settings.format != "text":
        raise click.UsageError("apply - writes the fixed file to stdout; for json, SARIF or "
                               "annotations use check - or diff -")
    if kwargs["interactive"] and (settings.stdin or settings.format != "text"):
        raise click.UsageError("--interactive reads answers from stdin and prints text: it "
                               "does not go with '-' or --format")
    options = _options(kwargs, fix=True)
    result = _execute(options)
    if settings.stdin:
        text = result.changes[0].new if result.changes else next(iter(options.contents.values()))
        with output.destination(settings) as stream:
            output.write(text, stream)
        code = _exit_code(kwargs, result, bool(result.remaining))
        # The fixed text was the output (to -o when given); the findings left go to stderr.
        output.emit("apply", result, dataclasses.replace(settings, output_file=None),
                    exit_code=code)
        sys.exit(code)
    changes, declined = result.changes, 0
    if kwargs["interactive"]:
        outcome = review.interactive(result, options, output.use_color(settings.color,
                                                                       sys.stdout), run)
        changes, declined = outcome.changes, outcome.declined
    writes = Writes()
    try:
        writes.write(changes)
    except KeyboardInterrupt as exc:
        _interrupted_apply(exc, writes.written, len(changes))
    result.errors.extend((change.display, why) for change, why in writes.failed)
    written = writes.written
    remaining = result.left(written)
    code = _exit_code(kwargs, result, bool(remaining))
    output.emit("apply", result, settings, written=written, remaining=remaining,
                declined=declined, exit_code=code)
    sys.exit(code)


def _interrupted_apply(exc: KeyboardInterrupt, written: list, total: int) -> None:
    """Name the files apply wrote before the interrupt, then exit 128 + the signal."""
    name = exc.args[0] if isinstance(exc, signals.Interrupted) else "SIGINT"
    for change in written:
        click.echo(output.fixed_line(change), err=True)
    click.echo(f"deferfix: interrupted by {name}: {len(written)} of {total} file(s) written, "
               "the others left as they were", err=True)
    sys.exit(signals.exit_code(exc))


@main.command()
@click.option("--markdown", is_flag=True,
              help="Print README's rules section (a table and each rule's explanation).")
def rules(markdown: bool = False) -> None:
    """List the rules, their summaries and the fix kinds they can produce."""
    if markdown:
        from .ruledocs import markdown as render
        click.echo(render(t.rule for t in registry.all_transforms()), nl=False)
        return
    for transform in registry.all_transforms():
        rule = transform.rule
        click.echo(f"{rule.id}: {rule.summary} [fixes: {', '.join(rule.fixes)}]")


class _ExplainCommand(click.Command):
    """`explain --help` ends with the rules it knows, read from their definitions."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Rules"):
            formatter.write_dl([(t.rule.id, t.rule.summary) for t in registry.all_transforms()])


def _find_rule(name: str):
    """The rule named `name`, in any case, with '_' for '-' (the module's name) too."""
    wanted = name.strip().casefold().replace("_", "-")
    for transform in registry.all_transforms():
        if transform.rule.id.casefold() == wanted:
            return transform.rule
    import difflib
    close = difflib.get_close_matches(wanted, registry.rule_ids(), n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise click.UsageError(f"unknown rule {name!r}; {hint}`deferfix rules` lists them")


@main.command(cls=_ExplainCommand)
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain RULE: what it finds, why it matters, a before/after, when its fix is safe.

    RULE is a rule's name, in any case (`deferfix rules` lists them with their fixes)."""
    found = _find_rule(rule)
    click.echo(f"{found.id}: {found.summary}\n")
    click.echo(found.explain.rstrip())


# Bot mode (codemod/bot.py) is `pr`, imported on first use by _Group.


@main.group(name="cache")
def cache_group() -> None:
    """The result cache that makes a rerun over unchanged files instant."""


@cache_group.command(name="clear")
def cache_clear() -> None:
    """Delete the cache."""
    from . import cache
    removed = cache.clear()
    click.echo(f"removed {cache.db_path()}" if removed else f"no cache at {cache.db_path()}")


@cache_group.command(name="info")
def cache_info() -> None:
    """Where the cache is, its size and its number of entries."""
    from . import cache
    found = cache.info()
    click.echo(f"path: {found['path']}")
    click.echo(f"entries: {found['entries']}")
    click.echo(f"size: {found['bytes'] / 1e6:.1f} MB")
    if found.get("error"):
        click.echo(f"error: {found['error']}")


if __name__ == "__main__":
    main()
