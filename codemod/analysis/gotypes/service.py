"""The types service: questions about Go code by byte position, answered by go/types.

`TypesService.ask_module(module_dir, packages)` sends every question about the packages of
one module to one helper process (see helper/main.go for how it loads and checks), and
returns, for each file, one answer per question in order (`answers.py`). Texts are the ones
deferfix has: a text that differs from the file on disk (stdin mode, a fix being verified)
goes to go through an overlay in a temporary directory that is removed afterwards, and the
helper reports the digest of every text it read, so an answer about another text is never
used.

Answers are cached per file in one SQLite file next to the result cache, keyed by the
helper's digest of everything they depend on (the package's files, its dependencies, the
language version, the build environment), the helper's own digest (source and Go version),
the file and its text: a rerun that changes nothing in a package asks go list once and
type-checks nothing. The cache holds JSON only, and what it gives back is validated like a
fresh answer. A cache that cannot be opened or written is left alone for the run.

Nothing here raises for a user's problem: no go, a helper that does not build, a module go
cannot list, a package that does not type-check each become `Unavailable` answers with the
reason in words.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from . import answers as A
from .helper import HelperUnavailable, ensure_helper

PROTOCOL = 2
DB_NAME = "gotypes-v1.sqlite3"
PRUNE_DAYS = 30
KINDS = ("ident", "expr", "call", "methods")


@dataclass(frozen=True)
class Question:
    """kind: ident (the identifier starting at `start`), expr / methods (the expression
    spanning [start, end); methods adds its method set), call (the call spanning
    [start, end)). Offsets are bytes of the file's text as deferfix has it (tree-sitter's
    start_byte/end_byte)."""
    kind: str
    start: int
    end: int = 0

    def key(self) -> str:
        return f"{self.kind}:{self.start}:{self.end}"


@dataclass
class PackageQuestions:
    """The questions about one package directory: file path -> (text, questions)."""
    dir: str
    files: dict[str, tuple[bytes, list[Question]]] = field(default_factory=dict)


@dataclass(frozen=True)
class PackageKey:
    """What one package's answers depend on: `key`, the helper's digest of it, and `watch`,
    the directories whose files that digest hashes (the package's own, and every dependency
    that is neither the standard library nor a versioned module from the module cache)."""
    key: str
    watch: tuple[str, ...]


@dataclass
class Stats:
    helper_builds: int = 0
    build_seconds: float = 0.0
    processes: int = 0
    seconds: float = 0.0            # wall time inside ask_module, build excluded
    packages_checked: int = 0
    packages_cached: int = 0
    questions: int = 0
    timings: dict[str, float] = field(default_factory=dict)   # the helper's own, summed


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class TypesService:
    def __init__(self, enabled: bool = True, cache_dir: str | None = None, jobs: int | None = None,
                 timeout: float = 900.0, use_cache: bool = True, all_bodies: bool = False) -> None:
        self.enabled = enabled
        self.cache_dir = cache_dir
        self.jobs = jobs
        self.timeout = timeout
        self.all_bodies = all_bodies
        self.stats = Stats()
        self._use_cache = use_cache
        self._db: sqlite3.Connection | None = None
        self._db_failed = False
        self._helper: tuple[str, str, str] | None = None   # path, helper digest, go version
        self._packages: dict[str, PackageKey] = {}
        self._live: set[subprocess.Popen] = set()     # helpers running (for cancel)
        self._live_lock = threading.Lock()
        self._cancelled = False
        self._unavailable: A.Unavailable | None = None if enabled else A.Unavailable(
            "types are off (--no-types)", A.NO_TYPES)

    # --- public ----------------------------------------------------------------------------
    def ask(self, package_dir: str, files: Mapping[str, bytes],
            questions: Mapping[str, Sequence[Question]], module_dir: str | None = None
            ) -> dict[str, list[A.Answer]]:
        """The answers for one package: path -> one answer per question, in order."""
        pq = PackageQuestions(package_dir, {path: (files[path], list(questions.get(path, ())))
                                            for path in files})
        return self.ask_module(module_dir or _module_root(package_dir), [pq])

    def ask_module(self, module_dir: str, packages: Sequence[PackageQuestions]
                   ) -> dict[str, list[A.Answer]]:
        """The answers for the packages of one module, from one helper process."""
        packages = [PackageQuestions(_real(p.dir), {_real(f): v for f, v in p.files.items()})
                    for p in packages]
        module_dir = _real(module_dir)
        self.stats.questions += sum(len(qs) for p in packages for _, qs in p.files.values())
        helper = self._ensure()
        if isinstance(helper, A.Unavailable):
            return _all(packages, helper)
        start = time.perf_counter()
        try:
            return self._ask(module_dir, packages, helper)
        finally:
            self.stats.seconds += time.perf_counter() - start

    def cancel(self) -> None:
        """Kill the helpers this service runs, from another thread (the main thread, on an
        interrupt, while a worker thread waits for one): their asks end with Unavailable
        answers at once, and no helper is started after this."""
        with self._live_lock:
            self._cancelled = True
            live = list(self._live)
        for proc in live:
            _kill(proc)

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def __enter__(self) -> "TypesService":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- the helper ------------------------------------------------------------------------
    def _ensure(self) -> tuple[str, str, str] | A.Unavailable:
        if self._unavailable is not None:
            return self._unavailable
        if self._helper is None:
            try:
                path, tc, seconds = ensure_helper(self.cache_dir)
            except HelperUnavailable as err:
                self._unavailable = A.Unavailable(f"types were not available: {err.reason}", err.cause)
                return self._unavailable
            if seconds:
                self.stats.helper_builds += 1
                self.stats.build_seconds += seconds
            self._helper = (path, os.path.basename(path), tc.version)
        return self._helper

    def _ask(self, module_dir: str, packages: list[PackageQuestions],
             helper: tuple[str, str, str]) -> dict[str, list[A.Answer]]:
        with tempfile.TemporaryDirectory(prefix="deferfix-gotypes-") as tmp:
            overlay = _write_overlay(tmp, packages)
            request = {
                "protocol": PROTOCOL, "dir": module_dir, "overlay": overlay,
                "jobs": self.jobs or 0, "keys_first": self._cache() is not None,
                "bodies": "all" if self.all_bodies else "",
                "packages": [{"dir": p.dir, "files": [
                    {"path": path, "sha256": _digest(text),
                     "questions": [{"id": i, "kind": q.kind, "start": q.start, "end": q.end}
                                   for i, q in enumerate(qs)]}
                    for path, (text, qs) in sorted(p.files.items())]} for p in packages],
            }
            try:
                response, cached = self._run(helper, module_dir, request, packages, tmp)
            except _HelperError as err:
                return _all(packages, A.Unavailable(f"types were not available: {err}", A.HELPER_FAILED))
        return self._collect(packages, response, cached, helper)

    def _run(self, helper: tuple[str, str, str], module_dir: str, request: dict,
             packages: list[PackageQuestions], tmp: str) -> tuple[dict, dict[str, dict]]:
        from ...verify import go_env        # late: codemod.verify is engine-level
        env = go_env()
        env["GOTOOLCHAIN"] = "local"
        # The go commands' work directories go with ours, even when they are killed.
        env["GOTMPDIR"] = tmp
        stderr_path = os.path.join(tmp, "stderr")
        self.stats.processes += 1
        with open(stderr_path, "wb") as stderr:
            try:
                proc = subprocess.Popen([helper[0]], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=stderr, cwd=module_dir, env=env,
                                        start_new_session=True)
            except OSError as err:
                raise _HelperError(f"cannot run the go/types helper: {err}") from None
            with self._live_lock:
                self._live.add(proc)
                cancelled = self._cancelled
            if cancelled:
                _kill(proc)
            timed_out = threading.Event()

            def _time_out() -> None:
                timed_out.set()
                _kill(proc)

            timer = threading.Timer(self.timeout, _time_out)
            timer.start()
            cached: dict[str, dict] = {}
            raw = b""
            try:
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write(json.dumps(request).encode() + b"\n")
                proc.stdin.flush()
                if request["keys_first"]:
                    keys = _read_json(proc.stdout.readline())
                    self._note_packages(keys.get("keys"), keys.get("watch"))
                    cached = self._cached(keys.get("keys"), packages, helper)
                    proc.stdin.write(json.dumps({"skip": sorted(cached)}).encode() + b"\n")
                    proc.stdin.flush()
                proc.stdin.close()
                raw = proc.stdout.read()
                proc.wait()
            except BrokenPipeError:
                # The helper stopped reading: it exited, and says why on stderr (below).
                raw = b""
                proc.wait()
            except (OSError, ValueError) as err:
                _kill(proc)
                proc.wait()
                if not timed_out.is_set():
                    raise _HelperError(f"the go/types helper failed: {err}") from None
                # killed by the timer while we wrote or read: a broken pipe says nothing more
                # than the status below
            except BaseException:
                _kill(proc)   # interrupted (Ctrl-C, SIGTERM): the helper and its go commands
                proc.wait()
                raise
            finally:
                timer.cancel()
                with self._live_lock:
                    self._live.discard(proc)
        if proc.returncode != 0:
            with open(stderr_path, "rb") as handle:
                message = handle.read().decode("utf-8", "replace").strip()
            if proc.returncode < 0 or proc.returncode == -signal.SIGKILL:
                message = message or f"killed after {self.timeout:.0f} s"
            raise _HelperError(f"the go/types helper exited with status {proc.returncode}: "
                               f"{message.splitlines()[0] if message else 'no message'}")
        response = _read_json(raw)
        if response.get("protocol") != PROTOCOL:
            raise _HelperError("the go/types helper speaks another protocol")
        return response, cached

    # --- answers ---------------------------------------------------------------------------
    def _collect(self, packages: list[PackageQuestions], response: dict, cached: dict[str, dict],
                 helper: tuple[str, str, str]) -> dict[str, list[A.Answer]]:
        for name, value in (response.get("timings") or {}).items():
            if isinstance(value, (int, float)):
                self.stats.timings[name] = self.stats.timings.get(name, 0.0) + float(value)
        by_dir = {}
        for p in response.get("packages") or []:
            if isinstance(p, dict) and isinstance(p.get("dir"), str):
                by_dir[p["dir"]] = p
        out: dict[str, list[A.Answer]] = {}
        fresh_rows = []
        for pq in packages:
            if pq.dir in cached:
                self.stats.packages_cached += 1
                for path, (text, qs) in pq.files.items():
                    out[path] = _answers_of(cached[pq.dir][path], qs, text)
                continue
            reply = by_dir.get(pq.dir)
            if reply is None:
                out.update(_all([pq], A.Unavailable("types were not available: the helper did not "
                                                    "answer for the package", A.HELPER_FAILED)))
                continue
            self.stats.packages_checked += 1
            files = {f.get("path"): f for f in reply.get("files") or [] if isinstance(f, dict)}
            key = reply.get("key") if isinstance(reply.get("key"), str) else ""
            self._note_packages({pq.dir: key}, {pq.dir: reply.get("watch")})
            for path, (text, qs) in pq.files.items():
                entry = _file_entry(reply, files.get(path), qs)
                out[path] = _answers_of(entry, qs, text)
                if key and entry.get("cacheable"):
                    fresh_rows.append((self._row_key(key, path, text, helper), entry))
        self._store(fresh_rows)
        return out

    def _note_packages(self, keys: object, watch: object) -> None:
        """Remember what the helper said each package's answers depend on (`package`)."""
        if not isinstance(keys, dict):
            return
        watch = watch if isinstance(watch, dict) else {}
        for directory, key in keys.items():
            dirs = watch.get(directory)
            if isinstance(directory, str) and isinstance(key, str) and key \
                    and isinstance(dirs, list) and all(isinstance(d, str) for d in dirs):
                self._packages[directory] = PackageKey(key, tuple(sorted(dirs)))

    def package(self, directory: str) -> "PackageKey | None":
        """The key of the package in `directory` as the helper last reported it (the digest
        of its files, its dependencies, the Go version and build environment), with the
        directories whose files that key hashes; None when no helper run named it (go list
        failed, types are off)."""
        return self._packages.get(_real(directory))

    # --- cache -----------------------------------------------------------------------------
    def _cache(self) -> sqlite3.Connection | None:
        if not self._use_cache or self._db_failed:
            return None
        if self._db is None:
            from ...cache import cache_dir
            try:
                directory = os.path.abspath(self.cache_dir or cache_dir())
                os.makedirs(directory, exist_ok=True)
                db = sqlite3.connect(os.path.join(directory, DB_NAME), timeout=30)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, "
                           "value TEXT NOT NULL, used REAL NOT NULL)")
                db.execute("DELETE FROM answers WHERE used < ?", (time.time() - PRUNE_DAYS * 86400,))
                db.commit()
                self._db = db
            except (OSError, sqlite3.Error):
                self._db_failed = True
                return None
        return self._db

    @staticmethod
    def _row_key(package_key: str, path: str, text: bytes, helper: tuple[str, str, str]) -> str:
        return _digest(f"{PROTOCOL}\0{helper[1]}\0{helper[2]}\0{package_key}\0{path}\0".encode()
                       + _digest(text).encode())

    def _cached(self, keys: object, packages: list[PackageQuestions],
                helper: tuple[str, str, str]) -> dict[str, dict]:
        """The packages for which every question of every file is in the cache."""
        db = self._cache()
        if db is None or not isinstance(keys, dict):
            return {}
        found: dict[str, dict] = {}
        try:
            for pq in packages:
                key = keys.get(pq.dir)
                if not isinstance(key, str):
                    continue
                entries = {}
                for path, (text, qs) in pq.files.items():
                    row = db.execute("SELECT value FROM answers WHERE key = ?",
                                     (self._row_key(key, path, text, helper),)).fetchone()
                    entry = _load_entry(row[0]) if row else None
                    if entry is None or not _covers(entry, qs):
                        break
                    entries[path] = entry
                else:
                    found[pq.dir] = entries
            if found:
                now = time.time()
                db.executemany("UPDATE answers SET used = ? WHERE key = ?",
                               [(now, self._row_key(keys[d], path, text, helper))
                                for d in found for pq in packages if pq.dir == d
                                for path, (text, _) in pq.files.items()])
                db.commit()
        except sqlite3.Error:
            self._db_failed = True
            return {}
        return found

    def _store(self, rows: list[tuple[str, dict]]) -> None:
        db = self._cache() if rows else None
        if db is None:
            return
        try:
            now = time.time()
            for key, entry in rows:
                row = db.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
                old = _load_entry(row[0]) if row else None
                if old is not None and old.get("status") == entry.get("status") == "ok":
                    entry = {**old, "answers": {**old.get("answers", {}), **entry["answers"]}}
                db.execute("INSERT OR REPLACE INTO answers (key, value, used) VALUES (?, ?, ?)",
                           (key, json.dumps({k: v for k, v in entry.items() if k != "cacheable"}), now))
            db.commit()
        except sqlite3.Error:
            self._db_failed = True


class _HelperError(RuntimeError):
    pass


# --- helpers -----------------------------------------------------------------------------------

def _real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


def _module_root(directory: str) -> str:
    from ...goversion import find_module
    module = find_module(_real(directory))
    return module.root if module is not None else directory


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)      # the helper and the go commands it runs
    except (OSError, AttributeError):
        try:
            proc.kill()
        except OSError:
            pass


def _read_json(data: bytes) -> dict:
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise _HelperError("the go/types helper printed something that is not JSON") from None
    if not isinstance(value, dict):
        raise _HelperError("the go/types helper printed something that is not an object")
    return value


def _write_overlay(tmp: str, packages: list[PackageQuestions]) -> str:
    """An overlay file for the texts that are not what the disk holds ("" when none)."""
    replace = {}
    for pq in packages:
        for path, (text, _) in pq.files.items():
            try:
                with open(path, "rb") as handle:
                    if handle.read() == text:
                        continue
            except OSError:
                pass
            copy = os.path.join(tmp, f"{len(replace)}-{os.path.basename(path)}")
            with open(copy, "wb") as handle:
                handle.write(text)
            replace[path] = copy
    if not replace:
        return ""
    overlay = os.path.join(tmp, "overlay.json")
    with open(overlay, "w", encoding="utf-8") as handle:
        json.dump({"Replace": replace}, handle)
    return overlay


_FILE_CAUSES = {"type_errors": A.TYPE_ERRORS, "excluded": A.EXCLUDED, "unavailable": A.OTHER}


def _file_entry(package_reply: dict, file_reply: dict | None, qs: Sequence[Question]) -> dict:
    """What is kept of the helper's reply for one file: status, reason, sha256 and the raw
    answers by question key."""
    status = package_reply.get("status")
    if status != "ok":
        reason = package_reply.get("reason") if isinstance(package_reply.get("reason"), str) else ""
        cause = A.LIST_FAILED if reason.startswith("go list") else A.OTHER
        return {"status": "unavailable", "cause": cause, "reason": reason or "no package"}
    if file_reply is None:
        return {"status": "unavailable", "cause": A.HELPER_FAILED, "reason": "the helper did not answer for the file"}
    status = file_reply.get("status")
    reason = file_reply.get("reason") if isinstance(file_reply.get("reason"), str) else ""
    sha = file_reply.get("sha256") if isinstance(file_reply.get("sha256"), str) else ""
    if status != "ok":
        cause = _FILE_CAUSES.get(status, A.OTHER)
        if "the file changed" in reason:
            cause = A.CHANGED
        return {"status": "unavailable", "cause": cause, "reason": reason or str(status),
                # the key covers everything but a race with the disk
                "sha256": sha, "cacheable": cause != A.CHANGED and "cannot read" not in reason}
    raw = file_reply.get("answers") or []
    if not isinstance(raw, list):
        raw = []
    by_id = {a.get("id"): a for a in raw if isinstance(a, dict)}
    return {"status": "ok", "sha256": sha, "variant": file_reply.get("variant", ""),
            "answers": {q.key(): by_id[i] for i, q in enumerate(qs) if i in by_id}, "cacheable": True}


def _load_entry(value: str) -> dict | None:
    try:
        entry = json.loads(value)
    except ValueError:
        return None
    if not isinstance(entry, dict) or entry.get("status") not in ("ok", "unavailable"):
        return None
    if not isinstance(entry.get("answers", {}), dict):
        return None
    return entry


def _covers(entry: dict, qs: Sequence[Question]) -> bool:
    if entry.get("status") != "ok":
        return True
    answers = entry.get("answers", {})
    return all(q.key() in answers for q in qs)


def _answers_of(entry: dict, qs: Sequence[Question], text: bytes) -> list[A.Answer]:
    """One validated answer per question."""
    if entry.get("status") != "ok":
        reason = entry.get("reason") if isinstance(entry.get("reason"), str) else "no reason"
        cause = entry.get("cause") if isinstance(entry.get("cause"), str) else A.OTHER
        return [A.Unavailable(f"types were not available: {reason}", cause)] * len(qs)
    if entry.get("sha256") != _digest(text):
        return [A.Unavailable("types were not available: the text go/types read is not the one "
                              "deferfix has", A.CHANGED)] * len(qs)
    answers = entry.get("answers", {})
    out: list[A.Answer] = []
    for q in qs:
        raw = answers.get(q.key())
        if q.kind not in KINDS:
            out.append(A.NoAnswer(f"unknown question kind {q.kind!r}"))
            continue
        try:
            out.append(A.from_json(q.kind, raw) if raw is not None else
                       A.Unavailable("types were not available: no answer", A.HELPER_FAILED))
        except A.Malformed as err:
            out.append(A.Unavailable(f"types were not available: a malformed answer ({err})",
                                     A.HELPER_FAILED))
    return out


def _all(packages: Iterable[PackageQuestions], answer: A.Unavailable) -> dict[str, list[A.Answer]]:
    return {path: [answer] * len(qs) for p in packages for path, (_, qs) in p.files.items()}
