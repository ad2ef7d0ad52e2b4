"""Verification of new file contents with the real gofmt and go vet.

Nothing here writes the user's tree. New contents go to a temporary directory:
- one `gofmt -l` over every original and every new text at once: a new text that does not
  parse is rejected (also when the original did not parse); when the original was gofmt-clean the new one is formatted with gofmt
  (one more invocation), so a fix never makes a clean file unclean;
- per module, one `go vet -json -overlay` of the affected packages, mapping each changed file
  to its new text. Only when that run reports something (a diagnostic, a type error) is a
  baseline `go vet -json` of the packages concerned run, and the two compared by file,
  analyzer and message (positions move with the edits): a diagnostic or error the original
  did not have rejects the change. When the culprit cannot be named from the output the
  module's files are tried one by one.
- go vet replays cached results, positions included, when it has vetted the same content
  before, so a position may name an overlay file of an earlier run. Overlay files are named by
  what they are (a digest of the original's path and the new content), and a position naming
  any deferfix overlay file is mapped back through that digest, never through this run's
  temporary paths alone.
A module that cannot be vetted (no go.mod, missing dependencies, a newer go line, a broken
go.mod) falls back to gofmt only: the verdict is `vetted=False` and its note keeps go's own
reason, so that callers count it as unverified (and `--require-vet` rejects it).

A file whose whole change is rejected is narrowed (`narrow`) to the fixes that pass: the
caller says how to make the file's text with some of its fixes, verification decides which
ones are kept and why each other one is turned down.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Callable, Generic, Sequence, TypeVar

from .goversion import Module, find_module


class ToolMissing(RuntimeError):
    pass


@dataclass
class Change:
    path: str        # absolute path of the original
    original: bytes
    new: bytes


@dataclass
class Verdict:
    ok: bool
    new: bytes                      # the verified text (gofmt-formatted where needed)
    reason: str = ""                # why it was rejected
    notes: list[str] = field(default_factory=list)  # e.g. "could not vet: …"
    # go vet checked the new text against the original. False with ok=True: only gofmt did
    # (`unverified` says why: go vet could not run for the module, or --no-verify).
    vetted: bool = False
    unverified: str = ""


_MOD_MOD = re.compile(r"^--?mod=mod$")


def go_env() -> dict[str, str]:
    """The environment of every go command deferfix runs: never a toolchain download, and
    never `-mod=mod` from the user's GOFLAGS (it may rewrite go.mod, and under a go.work every
    go command refuses it)."""
    env = dict(os.environ)
    env.setdefault("GOTOOLCHAIN", "local")   # never download a toolchain to verify
    env["GOFLAGS"] = " ".join(f for f in env.get("GOFLAGS", "").split()
                              if not _MOD_MOD.match(f))
    return env


# go vet of a large module takes minutes; one that takes half an hour is stuck.
TOOL_TIMEOUT = 1800.0
_DID_NOT_FINISH = "did not finish in"


def run_tool(argv: list[str], cwd: str | None = None, env: dict[str, str] | None = None,
             timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run go or gofmt, in a process group of its own: when the run is interrupted (or the
    tool does not finish in `timeout` seconds) the whole group is killed, the go command
    and the compilers and vet tools it started, not only the process deferfix started. A
    tool that did not finish gets a negative returncode and says so on stderr."""
    try:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except FileNotFoundError as exc:
        raise ToolMissing(f"{argv[0]} not found on PATH") from exc
    limit = TOOL_TIMEOUT if timeout is None else timeout
    try:
        stdout, stderr = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        stdout, stderr = proc.communicate()
        stderr += f"\n{' '.join(argv[:2])}: {_DID_NOT_FINISH} {limit:.0f} s".encode()
        return subprocess.CompletedProcess(argv, proc.returncode or -9, stdout, stderr)
    except BaseException:
        _kill_group(proc)
        proc.wait()
        raise
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, AttributeError):   # AttributeError: no process groups (Windows)
        try:
            proc.kill()
        except OSError:
            pass


def require_tools(vet: bool = True) -> None:
    """gofmt, and go unless `vet` is off (--no-verify): what showing or writing a fix needs."""
    for tool in ("go", "gofmt") if vet else ("gofmt",):
        if shutil.which(tool) is None:
            hint = "install Go or pass --no-verify" if tool == "go" else \
                "install Go (gofmt checks every fix, also with --no-verify; check needs neither)"
            raise ToolMissing(f"{tool} not found on PATH; {hint}")


# Where overlay files live: <temporary directory>/o/<digest>/<file name>. The pattern finds a
# path of that shape in go's output, whichever run's temporary directory it names.
_OVERLAY_DIR = "deferfix-verify-"
_OVERLAY_PATH = re.compile(r"[^\s\"':]*" + _OVERLAY_DIR + r"[^/\s\"']*/(?:o/(?P<digest>[0-9a-f]{32})"
                           r"|\d+)/(?P<name>[^/\s\"':]+)")


def overlay_digest(path: str, content: bytes) -> str:
    """What an overlay file is: the original it stands for and the text it holds."""
    return hashlib.sha256(os.fsencode(path) + b"\0" + content).hexdigest()[:32]


T = TypeVar("T")     # what the caller's `attempt` makes of a set of fixes (its new text)
F = TypeVar("F")     # a fix (a Finding)


@dataclass
class Narrowed(Generic[T, F]):
    """What `narrow` kept: the fixes that pass together, the caller's text for them and its
    verdict (None when none passes), and each fix turned down with why, in the order tried."""
    kept: list[F] = field(default_factory=list)
    text: T | None = None
    verdict: Verdict | None = None
    rejected: list[tuple[F, str]] = field(default_factory=list)


def narrow(candidates: Sequence[F], reason: str,
           attempt: Callable[[Sequence[F]], tuple[T, Verdict] | None]) -> Narrowed[T, F]:
    """The whole file's change failed for `reason`: keep the fixes among `candidates` that
    pass, each rejected only for what it breaks itself. `attempt(fixes)` makes the file's text
    with just those fixes and verifies it (None when they make no new text). Each fix is tried
    alone; then the passing ones are put together, and if that fails, added one at a time: a
    fix that breaks the fixes kept before it is the one turned down. A lone fix, or a change
    rejected because it could not be verified at all, is turned down as it is."""
    narrowed: Narrowed[T, F] = Narrowed()
    if len(candidates) <= 1 or reason.startswith("not verified"):
        narrowed.rejected = [(fix, reason) for fix in candidates]
        return narrowed
    passing: list[F] = []
    for fix in candidates:
        tried = attempt([fix])
        if tried is None:
            continue
        if tried[1].ok:
            passing.append(fix)
        else:
            narrowed.rejected.append((fix, tried[1].reason))
    if not passing:
        return narrowed
    best = attempt(passing)
    if best is None or not best[1].ok:
        kept: list[F] = []
        best = None
        for fix in passing:
            tried = attempt(kept + [fix])
            if tried is not None and tried[1].ok:
                kept.append(fix)
                best = tried
            else:
                why = tried[1].reason if tried is not None else "its edits conflict"
                narrowed.rejected.append((fix, f"fails together with the fixes kept before "
                                               f"it: {why}"))
        passing = kept
    if best is not None:
        narrowed.kept = passing
        narrowed.text, narrowed.verdict = best
    return narrowed


class Verifier:
    def __init__(self, vet: bool = True, memory: dict[str, bytes] | None = None) -> None:
        self.vet = vet
        # Originals that are not on disk (stdin mode), by absolute path: every vet run, the
        # baseline too, sees them through the overlay.
        self.memory = dict(memory or {})
        self._memory_overlay: dict[str, str] | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix=_OVERLAY_DIR)
        self._counter = 0
        # Overlay digest -> the original path it stands for (see _unmap).
        self._originals: dict[str, str] = {}
        # (module root, package) -> (ok, diagnostics Counter or error text)
        self._baselines: dict[tuple[str, str], tuple[bool, object]] = {}
        self.vet_invocations = 0
        self.baseline_invocations = 0
        self.gofmt_invocations = 0

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> "Verifier":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- files ----------------------------------------------------------------------------
    def _write_temp(self, content: bytes, name: str) -> str:
        self._counter += 1
        directory = os.path.join(self._tmp.name, str(self._counter))
        os.mkdir(directory)
        path = os.path.join(directory, name)
        with open(path, "wb") as handle:
            handle.write(content)
        return path

    def _overlay_file(self, original: str, content: bytes) -> str:
        """The overlay file for `original` holding `content`, named by its digest."""
        digest = overlay_digest(original, content)
        directory = os.path.join(self._tmp.name, "o", digest)
        path = os.path.join(directory, os.path.basename(original))
        if digest not in self._originals:
            os.makedirs(directory, exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(content)
            self._originals[digest] = original
        return path

    def _unmap(self, text: str) -> str:
        """`text` with every overlay path, of this run or a replayed earlier one, replaced by
        the original it stood for (when this run has the same original and content)."""
        return _OVERLAY_PATH.sub(self._original_of, text)

    def _original_of(self, match: re.Match) -> str:
        digest = match.group("digest")
        if digest is not None:
            return self._originals.get(digest, match.group(0))
        # An overlay file of an earlier deferfix that named them by a counter: the only
        # original of this run with that file name, if there is one.
        named = {path for path in self._originals.values()
                 if os.path.basename(path) == match.group("name")}
        return named.pop() if len(named) == 1 else match.group(0)

    # --- gofmt ----------------------------------------------------------------------------
    def _gofmt(self, changes: Sequence[Change]) -> list[Verdict]:
        originals = [self._write_temp(c.original, os.path.basename(c.path)) for c in changes]
        news = [self._write_temp(c.new, os.path.basename(c.path)) for c in changes]
        proc = self._run(["gofmt", "-l", *originals, *news])
        self.gofmt_invocations += 1
        if proc.returncode < 0:   # killed (did not finish): nothing is known to parse
            why = _last_line(proc, "gofmt -l")
            return [Verdict(False, c.new, f"not verified: {why}") for c in changes]
        unclean = set(proc.stdout.decode("utf-8", "surrogateescape").splitlines())
        errors: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for line in proc.stderr.decode("utf-8", "surrogateescape").splitlines():
            match = _GOFMT_ERROR.match(line)
            if match:
                errors[match.group("path")][match.group("message")] += 1
        verdicts: list[Verdict] = []
        to_format: list[int] = []
        for index, change in enumerate(changes):
            new_path, orig_path = news[index], originals[index]
            # A new text must parse, even where the original did not (the runner holds back
            # the fixes of a file tree-sitter cannot parse; gofmt may be stricter).
            found = errors.get(new_path)
            if found:
                verdicts.append(Verdict(False, change.new, f"does not parse: {next(iter(found))}"))
                continue
            verdicts.append(Verdict(True, change.new))
            if new_path in unclean and orig_path not in unclean and orig_path not in errors:
                to_format.append(index)
        if to_format:
            formatted = self._run(["gofmt", "-w", *(news[i] for i in to_format)])
            self.gofmt_invocations += 1
            for index in to_format:
                if formatted.returncode != 0:   # what it left in the file is not known good
                    verdicts[index] = Verdict(False, changes[index].new, "not verified: "
                                              + _last_line(formatted, "gofmt -w"))
                    continue
                with open(news[index], "rb") as handle:
                    verdicts[index].new = handle.read()
        return verdicts

    # --- go vet ---------------------------------------------------------------------------
    def _run(self, argv: list[str], cwd: str | None = None) -> subprocess.CompletedProcess:
        env = go_env()
        # go's work directory ($WORK) inside ours: removed with it, even when go was killed
        # (an interrupt kills go's process group; go removes $WORK only when it exits).
        env["GOTMPDIR"] = os.path.join(self._tmp.name, "go")
        os.makedirs(env["GOTMPDIR"], exist_ok=True)
        return run_tool(argv, cwd=cwd, env=env)

    def _vet(self, module: Module, packages: Sequence[str],
             overlay: dict[str, str] | None) -> tuple[bool, object]:
        """(True, Counter of (file, analyzer, message)) or (False, go's error text)."""
        argv = ["go", "vet", "-json"]
        if self.memory:
            if self._memory_overlay is None:
                self._memory_overlay = {path: self._overlay_file(path, text)
                                        for path, text in self.memory.items()}
            overlay = {**self._memory_overlay, **(overlay or {})}
        if overlay:
            overlay_file = self._write_temp(json.dumps({"Replace": overlay}).encode(),
                                            "overlay.json")
            argv.append(f"-overlay={overlay_file}")
        proc = self._run(argv + list(packages), cwd=module.root)
        self.vet_invocations += 1
        stderr = self._unmap(proc.stderr.decode("utf-8", "surrogateescape"))
        if proc.returncode != 0:
            lines = [l.strip() for l in stderr.splitlines()
                     if l.strip() and not l.startswith("#")]
            return False, "\n".join(lines) or f"go vet exited {proc.returncode}"
        return True, self._diagnostics(proc.stdout.decode("utf-8", "surrogateescape"))

    def _diagnostics(self, stdout: str) -> collections.Counter:
        """Counter of (file, analyzer, message) from `go vet -json` output."""
        found: collections.Counter = collections.Counter()
        for value in _json_values(stdout):
            for analyzers in value.values():
                if not isinstance(analyzers, dict):
                    continue
                for analyzer, diagnostics in analyzers.items():
                    if not isinstance(diagnostics, list):
                        found[("", analyzer, self._unmap(json.dumps(diagnostics)))] += 1
                        continue
                    for diagnostic in diagnostics:
                        if not isinstance(diagnostic, dict):
                            continue
                        match = _POSN.match(str(diagnostic.get("posn", "")))
                        file = self._unmap(match.group(1)) if match else ""
                        message = self._unmap(str(diagnostic.get("message", "")))
                        # Positions move with the edits, also the ones a message names
                        # (lostcancel's "the cancel var defined on line 51").
                        message = _LINE_IN_MESSAGE.sub("line N", message)
                        found[(file, analyzer, message)] += 1
        return found

    def _baseline(self, module: Module, packages: Sequence[str]) -> tuple[bool, object]:
        """The originals' vet result for these packages: one run for the ones not yet known,
        remembered per package."""
        missing = [p for p in packages if (module.root, p) not in self._baselines]
        if missing:
            self.baseline_invocations += 1
            ok, result = self._vet(module, missing, None)
            if not ok:
                if len(missing) > 1:
                    return False, result   # not remembered: one of them may build alone
                self._baselines[(module.root, missing[0])] = (False, result)
            else:
                mine: dict[str, collections.Counter] = {p: collections.Counter() for p in missing}
                for diagnostic, count in result.items():  # type: ignore[union-attr]
                    package = _package_arg(module.root, diagnostic[0]) if diagnostic[0] \
                        else missing[0]
                    if package in mine:
                        mine[package][diagnostic] += count
                for package in missing:
                    self._baselines[(module.root, package)] = (True, mine[package])
        total: collections.Counter = collections.Counter()
        for package in packages:
            ok, result = self._baselines[(module.root, package)]
            if not ok:
                return False, result
            total += result  # type: ignore[operator]
        return True, total

    def _vet_module(self, module: Module, changes: Sequence[Change],
                    verdicts: Sequence[Verdict]) -> None:
        """Vet the changes of one module; fill in the verdicts. The baseline runs only for
        the packages in which the overlay run reports something."""
        packages = sorted({_package_arg(module.root, c.path) for c in changes})
        overlay = {c.path: self._overlay_file(c.path, v.new) for c, v in zip(changes, verdicts)}
        ok, result = self._vet(module, packages, overlay)
        if ok and not result:
            for verdict in verdicts:
                verdict.vetted = True
            return
        if ok:
            if any(not d[0] for d in result):  # type: ignore[union-attr]
                reported = packages
            else:
                reported = sorted({_package_arg(module.root, d[0])
                                   for d in result} & set(packages))  # type: ignore[union-attr]
            base_ok, baseline = self._baseline(module, reported or packages)
            if not base_ok:
                # The originals do not build, the new texts do: nothing to compare with.
                self._unvetted(verdicts, baseline)
                return
            added = result - baseline  # type: ignore[operator]
            if not added:
                for verdict in verdicts:
                    verdict.vetted = True
                return
            changed = {c.path for c in changes}
            if {path for path, _, _ in added} <= changed or len(changes) == 1:
                for change, verdict in zip(changes, verdicts):
                    mine = [d for d in added if d[0] == change.path or len(changes) == 1]
                    if mine:
                        _, analyzer, message = mine[0]
                        verdict.ok = False
                        verdict.reason = f"go vet: {analyzer}: {message}"
                    else:
                        verdict.vetted = True
                return
        elif _DID_NOT_FINISH in str(result):
            # Stuck (a package that waits on something): the baseline would be stuck too.
            self._unvetted(verdicts, result)
            return
        else:
            base_ok, baseline = self._baseline(module, packages)
            if not base_ok:
                if len(packages) > 1 and not _module_wide(str(baseline)):
                    # One package that does not build must not keep the others from being
                    # vetted.
                    for package in packages:
                        mine = [i for i, c in enumerate(changes)
                                if _package_arg(module.root, c.path) == package]
                        self._vet_module(module, [changes[i] for i in mine],
                                         [verdicts[i] for i in mine])
                    return
                self._unvetted(verdicts, baseline)
                return
            if len(changes) == 1:
                verdicts[0].ok = False
                verdicts[0].reason = f"go vet: {_short(result)}"
                return
        # The culprit is not clear from one run: try the files one at a time.
        for change, verdict in zip(changes, verdicts):
            self._vet_module(module, [change], [verdict])

    @staticmethod
    def _unvetted(verdicts: Sequence[Verdict], reason: object) -> None:
        for verdict in verdicts:
            verdict.unverified = f"go vet could not run: {_short(reason)}"
            verdict.notes.append(f"could not vet: {_short(reason)}; checked with gofmt only")

    # --- entry point ----------------------------------------------------------------------
    def verify(self, changes: Sequence[Change]) -> list[Verdict]:
        if not changes:
            return []
        verdicts = self._gofmt(changes)
        if not self.vet:
            for verdict in verdicts:
                if verdict.ok:
                    verdict.unverified = "go vet skipped (--no-verify)"
                    verdict.notes.append("go vet skipped (--no-verify)")
            return verdicts
        by_module: dict[str, list[int]] = collections.defaultdict(list)
        for index, change in enumerate(changes):
            if not verdicts[index].ok:
                continue
            module = find_module(os.path.dirname(change.path))
            if module is None:
                verdicts[index].unverified = "go vet could not run: no go.mod"
                verdicts[index].notes.append("could not vet: no go.mod; checked with gofmt only")
                continue
            special = special_go_entry(os.path.dirname(change.path))
            if special:
                self._unvetted([verdicts[index]], special)
                continue
            by_module[module.root].append(index)
        for root, indices in by_module.items():
            module = find_module(root)
            assert module is not None
            self._vet_module(module, [changes[i] for i in indices], [verdicts[i] for i in indices])
        return verdicts


def special_go_entry(directory: str) -> str:
    """Why go cannot load the package in `directory` when a .go name in it is a FIFO, a
    socket or a device (go would wait on a FIFO for ever), else ""."""
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name.endswith(".go") and not entry.is_file() and not entry.is_dir():
                    try:
                        os.stat(entry.path)
                    except OSError:
                        continue        # a broken link: go says so itself
                    return f"{entry.name} in {directory} is not a regular file"
    except OSError:
        pass
    return ""


def _package_arg(module_root: str, path: str) -> str:
    rel = os.path.relpath(os.path.dirname(path), module_root).replace(os.sep, "/")
    return "." if rel == "." else "./" + rel


# go's errors that concern the module or workspace, not one package: vetting the packages
# one at a time cannot help.
_MODULE_WIDE = re.compile(r"go\.mod|go\.work|GOFLAGS|-mod |toolchain|requires go")


def _module_wide(error: str) -> bool:
    return ".go:" not in error.replace("go.mod:", "").replace("go.work:", "") \
        and bool(_MODULE_WIDE.search(error))


def _last_line(proc: subprocess.CompletedProcess, what: str) -> str:
    lines = proc.stderr.decode("utf-8", "surrogateescape").strip().splitlines()
    return lines[-1] if lines else f"{what} exited with status {proc.returncode}"


def _short(text: object) -> str:
    """go's error on one line: its first lines (a broken go.mod's reason is on the second),
    joined, at most 400 characters."""
    lines = [l.strip() for l in str(text).strip().splitlines() if l.strip()]
    if not lines:
        return "unknown error"
    joined = lines[0]
    for line in lines[1:3]:
        joined += (" " if joined.endswith(":") else "; ") + line
    return joined if len(joined) <= 400 else joined[:397] + "..."


def _json_values(stdout: str):
    """The JSON objects of `go vet -json` output (one per package, with text between)."""
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        pos = stdout.find("{", pos)
        if pos < 0:
            return
        try:
            value, pos = decoder.raw_decode(stdout, pos)
        except json.JSONDecodeError:
            pos += 1
            continue
        if isinstance(value, dict):
            yield value


_LINE_IN_MESSAGE = re.compile(r"\bline \d+\b")
_GOFMT_ERROR = re.compile(r"^(?P<path>.*?\.go):\d+:\d+: (?P<message>.*)$")
_POSN = re.compile(r"^(.*?):\d+(?::\d+)?$")
