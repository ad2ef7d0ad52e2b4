"""Verification of new file contents with the real gofmt and go vet.

Nothing here writes the user's tree. New contents go to a temporary directory:
- one `gofmt -l` over every original and every new text at once: a new text that does not
  parse is rejected; when the original was gofmt-clean the new one is formatted with gofmt
  (one more invocation), so a fix never makes a clean file unclean;
- per module, one baseline `go vet -json` of the affected packages and one with
  `-overlay` mapping each changed file to its new text. Diagnostics are compared by file,
  analyzer and message (positions move with the edits); a new one, or a type error the
  original did not have, rejects the change. When the culprit cannot be named from the output
  the module's files are tried one by one.
A module that cannot be vetted (no go.mod, missing dependencies, a newer go line) falls back
to gofmt-only, and the verdict says so.
"""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Iterable, Sequence

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


def go_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("GOTOOLCHAIN", "local")   # never download a toolchain to verify
    env["GOFLAGS"] = env.get("GOFLAGS", "")
    return env


def require_tools() -> None:
    for tool in ("go", "gofmt"):
        if shutil.which(tool) is None:
            raise ToolMissing(f"{tool} not found on PATH; install Go or pass --no-verify")


class Verifier:
    def __init__(self, vet: bool = True, memory: dict[str, bytes] | None = None) -> None:
        self.vet = vet
        # Originals that are not on disk (stdin mode), by absolute path: every vet run, the
        # baseline too, sees them through the overlay.
        self.memory = dict(memory or {})
        self._memory_overlay: dict[str, str] | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="deferfix-verify-")
        self._counter = 0
        # (module root, packages) -> (ok, diagnostics Counter or error text)
        self._baselines: dict[tuple[str, tuple[str, ...]], tuple[bool, object]] = {}
        self.vet_invocations = 0
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

    # --- gofmt ----------------------------------------------------------------------------
    def _gofmt(self, changes: Sequence[Change]) -> list[Verdict]:
        originals = [self._write_temp(c.original, os.path.basename(c.path)) for c in changes]
        news = [self._write_temp(c.new, os.path.basename(c.path)) for c in changes]
        proc = self._run(["gofmt", "-l", *originals, *news])
        self.gofmt_invocations += 1
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
            # A file that did not parse before may keep its errors, but gain none.
            added = errors.get(new_path, collections.Counter()) - errors.get(orig_path,
                                                                              collections.Counter())
            if added:
                verdicts.append(Verdict(False, change.new,
                                        f"does not parse: {next(iter(added))}"))
                continue
            verdicts.append(Verdict(True, change.new))
            if new_path in unclean and orig_path not in unclean and orig_path not in errors:
                to_format.append(index)
        if to_format:
            self._run(["gofmt", "-w", *(news[i] for i in to_format)])
            self.gofmt_invocations += 1
            for index in to_format:
                with open(news[index], "rb") as handle:
                    verdicts[index].new = handle.read()
        return verdicts

    # --- go vet ---------------------------------------------------------------------------
    def _run(self, argv: list[str], cwd: str | None = None) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(argv, cwd=cwd, capture_output=True, env=go_env(),
                                  check=False, timeout=1800)
        except FileNotFoundError as exc:
            raise ToolMissing(f"{argv[0]} not found on PATH") from exc

    def _vet(self, module: Module, packages: tuple[str, ...],
             overlay: dict[str, str] | None) -> tuple[bool, object]:
        argv = ["go", "vet", "-json"]
        if self.memory:
            if self._memory_overlay is None:
                self._memory_overlay = {path: self._write_temp(text, os.path.basename(path))
                                        for path, text in self.memory.items()}
            overlay = {**self._memory_overlay, **(overlay or {})}
        if overlay:
            overlay_file = self._write_temp(json.dumps({"Replace": overlay}).encode(),
                                            "overlay.json")
            argv.append(f"-overlay={overlay_file}")
        proc = self._run(argv + list(packages), cwd=module.root)
        self.vet_invocations += 1
        back = {new: orig for orig, new in (overlay or {}).items()}
        stderr = proc.stderr.decode("utf-8", "surrogateescape")
        for new, orig in back.items():
            stderr = stderr.replace(new, orig).replace(os.path.relpath(new, module.root), orig)
        if proc.returncode != 0:
            lines = [l for l in stderr.splitlines() if l.strip() and not l.startswith("#")]
            return False, (lines[0] if lines else f"go vet exited {proc.returncode}").strip()
        return True, _diagnostics(proc.stdout.decode("utf-8", "surrogateescape"), back)

    def _baseline(self, module: Module, packages: tuple[str, ...]) -> tuple[bool, object]:
        key = (module.root, packages)
        if key not in self._baselines:
            self._baselines[key] = self._vet(module, packages, None)
        return self._baselines[key]

    def _vet_module(self, module: Module, changes: Sequence[Change],
                    verdicts: Sequence[Verdict]) -> None:
        """Vet the changes of one module against its baseline; fill in the verdicts."""
        packages = tuple(sorted({_package_arg(module.root, c.path) for c in changes}))
        ok, baseline = self._baseline(module, packages)
        if not ok and len(packages) > 1:
            # One package that does not build must not keep the others from being vetted.
            for package in packages:
                mine = [i for i, c in enumerate(changes)
                        if _package_arg(module.root, c.path) == package]
                self._vet_module(module, [changes[i] for i in mine], [verdicts[i] for i in mine])
            return
        if not ok:
            for verdict in verdicts:
                verdict.notes.append(f"could not vet: {_short(baseline)}; checked with gofmt only")
            return
        overlay = {c.path: self._write_temp(v.new, os.path.basename(c.path))
                   for c, v in zip(changes, verdicts)}
        ok, result = self._vet(module, packages, overlay)
        if ok:
            added = result - baseline  # type: ignore[operator]
            if not added:
                return
            changed = {c.path for c in changes}
            if {path for path, _, _ in added} <= changed or len(changes) == 1:
                for change, verdict in zip(changes, verdicts):
                    mine = [d for d in added if d[0] == change.path or len(changes) == 1]
                    if mine:
                        _, analyzer, message = mine[0]
                        verdict.ok = False
                        verdict.reason = f"go vet: {analyzer}: {message}"
                return
        elif len(changes) == 1:
            verdicts[0].ok = False
            verdicts[0].reason = f"go vet: {_short(result)}"
            return
        # The culprit is not clear from one run: try the files one at a time.
        for change, verdict in zip(changes, verdicts):
            self._vet_module(module, [change], [verdict])

    # --- entry point ----------------------------------------------------------------------
    def verify(self, changes: Sequence[Change]) -> list[Verdict]:
        if not changes:
            return []
        verdicts = self._gofmt(changes)
        if not self.vet:
            for verdict in verdicts:
                if verdict.ok:
                    verdict.notes.append("go vet skipped (--no-verify)")
            return verdicts
        by_module: dict[str, list[int]] = collections.defaultdict(list)
        for index, change in enumerate(changes):
            if not verdicts[index].ok:
                continue
            module = find_module(os.path.dirname(change.path))
            if module is None:
                verdicts[index].notes.append("could not vet: no go.mod; checked with gofmt only")
                continue
            by_module[module.root].append(index)
        for root, indices in by_module.items():
            module = find_module(root)
            assert module is not None
            self._vet_module(module, [changes[i] for i in indices], [verdicts[i] for i in indices])
        return verdicts


def _package_arg(module_root: str, path: str) -> str:
    rel = os.path.relpath(os.path.dirname(path), module_root).replace(os.sep, "/")
    return "." if rel == "." else "./" + rel


def _short(text: object) -> str:
    line = str(text).strip().splitlines()[0] if str(text).strip() else "unknown error"
    return line[:300]


_GOFMT_ERROR = re.compile(r"^(?P<path>.*?\.go):\d+:\d+: (?P<message>.*)$")
_POSN = re.compile(r"^(.*?):\d+(?::\d+)?$")


def _diagnostics(stdout: str, back: dict[str, str]) -> collections.Counter:
    """Counter of (file, analyzer, message) from `go vet -json` output."""
    found: collections.Counter = collections.Counter()
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        while pos < len(stdout) and stdout[pos] != "{":
            pos += 1
        if pos >= len(stdout):
            break
        try:
            value, pos = decoder.raw_decode(stdout, pos)
        except json.JSONDecodeError:
            pos += 1
            continue
        for analyzers in value.values():
            for analyzer, diagnostics in analyzers.items():
                if not isinstance(diagnostics, list):
                    found[("", analyzer, json.dumps(diagnostics))] += 1
                    continue
                for diagnostic in diagnostics:
                    match = _POSN.match(diagnostic.get("posn", ""))
                    file = match.group(1) if match else ""
                    found[(back.get(file, file), analyzer, diagnostic.get("message", ""))] += 1
    return found


def iter_changes(items: Iterable[tuple[str, bytes, bytes]]) -> list[Change]:
    return [Change(path, original, new) for path, original, new in items]
