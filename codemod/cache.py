"""A content-keyed cache of per-file results, so a rerun over an unchanged tree is instant.

An entry is the `FileResult` of one file, stored under a key made of: the file's content
(SHA-256), the contents of the other `.go` files in its directory (package-level rules read
them), its path and the working directory (findings carry display paths), the `go` line of its go.mod, every
field of its `Job` (rule set, fix applicabilities, --go-version, ...), and the tool: the
source of the engine and of every rule module, the tree-sitter and grammar binaries and the
Python version. Whatever `analyze()` depends on must be one of those; then a cached result is
the fresh one by construction (tests/test_cache.py compares them). A result whose verdicts
read go/types answers depends on more (the package's dependencies, the toolchain): it is
taken back only while typestage.still_valid says their stamp is unchanged.

Knowing a file's content does not need the file to be read: an index maps (path, size, mtime,
ctime, inode) to the digest of what a worker last read, as git's index does. An entry whose
mtime lies within RACY_NS of the moment it was read is not trusted (the file may have changed
again within the same timestamp tick); such a file is read and hashed again. A file the
cache knows nothing of is hashed by the worker that analyses it, on the very bytes it reads
(`record_read`, handed over as Job.record_read): its `Read` comes back as FileResult.read,
the one field of a result that is the cache's.

Storage is one SQLite file in the user's cache directory: $DEFERFIX_CACHE_DIR, else
$XDG_CACHE_HOME/deferfix or ~/.cache/deferfix (~/Library/Caches/deferfix on macOS,
%LOCALAPPDATA%\\deferfix on Windows). Nothing read from it is trusted: an entry is plain data
(JSON, see plain.py), checked on reading against the shape of a `FileResult`, and its path
comes from the run, not from the entry; an index row is checked the same way. Whatever does
not fit (another format, a crafted row, a wrong type) is a miss, computed afresh and
overwritten, never an exception, and nothing in it can run code. A file that is not a SQLite
database, or not this version's tables, is deleted and built again (with a note). A cache that
cannot be opened, read or written is switched off for the run with a note; it never fails the
run. Entries unused for PRUNE_DAYS are dropped, and the least recently used ones beyond
MAX_ENTRIES. `deferfix cache clear` deletes the file.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import json
import os
import sqlite3
import sys
import time
from typing import Any, Sequence

from . import plain, typestage
from .analyze import FileResult, Job, content_digest, read_regular
from .discovery import display_path
from .goversion import find_module

CACHE_VERSION = 3                 # 3: JSON entries (2 held pickles)
DB_NAME = f"results-v{CACHE_VERSION}.sqlite3"
DIGEST_SIZE = 32                  # SHA-256
RACY_NS = 2_000_000_000          # coarser than any file system's timestamp tick
PRUNE_DAYS = 30
MAX_ENTRIES = 200_000             # about 100 MB
# Job fields that do not change a result: where it is, whether the worker hashes, and the
# types stage's state (answers are keyed by typestage's stamp, see still_valid).
_NOT_IN_KEY = frozenset({"path", "record_read", "answers", "stop_when_pending", "reuse"})

Stamp = tuple[int, int, int, int]   # size, mtime_ns, ctime_ns, inode


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def cache_dir() -> str:
    explicit = os.environ.get("DEFERFIX_CACHE_DIR")
    if explicit:
        return os.path.abspath(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "deferfix")


def db_path(directory: str | None = None) -> str:
    return os.path.join(directory or cache_dir(), DB_NAME)


@dataclasses.dataclass(frozen=True)
class Read:
    """The cache's record of one read of a file: the SHA-256 of the bytes, the stamp taken
    before reading and the time after it (an index row; see RACY_NS)."""
    digest: bytes
    stamp: Stamp
    read_ns: int


def record_read(data: bytes, info: os.stat_result) -> Read:
    """The record of bytes just read, whose stat was taken before reading. A worker calls it
    on what it analyses (Job.record_read, set for the cache's misses), so the digest the
    result is filed under is that of the very bytes the rules saw."""
    stamp, read_ns = stamp_of(info), time.time_ns()
    return Read(content_digest(data), stamp, read_ns)


def read_and_hash(path: str) -> Read | None:
    """The record of reading `path` now; None when it cannot be read or is not a file."""
    try:
        data, info = read_regular(path)
    except OSError:
        return None
    if data is None:
        return None
    return record_read(data, info)


def _storable(name: str) -> bool:
    """A name SQLite can hold as text: one that is not UTF-8 (a surrogate escape) is left out
    of the index, so its file is hashed afresh on every run instead of failing the run."""
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


# --- the key ---------------------------------------------------------------------------------

def _package_files(package: str) -> list[str]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    found = []
    for top in spec.submodule_search_locations:
        for directory, subdirectories, names in os.walk(top):   # subpackages too
            subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
            found.extend(os.path.join(directory, name) for name in sorted(names)
                         if name.endswith((".py", ".so", ".pyd", ".dylib", ".go"))
                         or name == "go.mod")
    return found


_fingerprints: dict[tuple[str, ...], bytes] = {}


def tool_fingerprint(transforms: Sequence[str]) -> bytes:
    """The engine's and the rules' sources, the parser binaries and the Python version."""
    key = tuple(transforms)
    if key in _fingerprints:
        return _fingerprints[key]
    h = hashlib.sha256(f"deferfix-cache {CACHE_VERSION} {sys.implementation.name} "
                       f"{sys.version_info[:2]}".encode())
    files = _package_files("codemod") + _package_files("transforms")
    for module in transforms:
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin and os.path.isfile(spec.origin):
            files.append(spec.origin)
    for path in files:
        h.update(path.encode() + b"\0")
        try:
            with open(path, "rb") as handle:
                source = path.endswith((".py", ".go", "go.mod"))   # the go/types helper's too
                h.update(handle.read() if source else b"")
            if not source:                   # a binary: its size and time are enough
                st = os.stat(path)
                h.update(f"{st.st_size} {st.st_mtime_ns}".encode())
        except OSError:
            h.update(b"?")
    for package in ("tree_sitter", "tree_sitter_golang"):
        for path in _package_files(package):
            try:
                st = os.stat(path)
            except OSError:
                continue
            h.update(f"{path} {st.st_size} {st.st_mtime_ns}".encode())
    _fingerprints[key] = h.digest()
    return _fingerprints[key]


def _canonical(value: Any) -> Any:
    """A structure whose repr does not depend on set order or hash seeds."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                tuple((f.name, _canonical(getattr(value, f.name)))
                      for f in dataclasses.fields(value)))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((_canonical(v) for v in value), key=repr)))
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((repr(_canonical(k)), _canonical(v))
                                      for k, v in value.items()), key=repr)))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    return value


_job_fingerprints: dict[tuple, bytes] = {}


@functools.lru_cache(maxsize=None)
def _key_fields(job_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(job_type) if f.name not in _NOT_IN_KEY)


def job_fingerprint(job: Job) -> bytes:
    """Every field of the job but its path, in a form that does not depend on set order."""
    names = _key_fields(type(job))
    values = tuple(getattr(job, name) for name in names)
    try:
        return _job_fingerprints[values]
    except KeyError:
        pass
    except TypeError:                      # an unhashable field: no memo
        values = None
    fields = tuple((name, _canonical(getattr(job, name))) for name in names)
    digest = hashlib.sha256(repr(fields).encode()).digest()
    if values is not None:
        _job_fingerprints[values] = digest
    return digest


def _directory_key(directory: str, directory_digest: bytes, cwd: str) -> "hashlib._Hash":
    """What the keys of a directory's files share: its module's go line, its .go files and
    the working directory (which decides the display paths that findings carry)."""
    module = find_module(directory)
    where = repr((directory, cwd, module.root if module else None,
                  module.path if module else None, module.go if module else None))
    h = hashlib.sha256(where.encode())
    h.update(directory_digest)
    return h


def _key(base: "hashlib._Hash", job: Job, digest: bytes) -> bytes:
    h = base.copy()
    h.update(tool_fingerprint(job.transforms))
    h.update(job_fingerprint(job))
    h.update(job.path.encode("utf-8", "surrogateescape"))
    h.update(digest)
    return h.digest()


# What an entry leaves out: where the file is (the run knows) and what the cache itself
# records about the read.
_UNSTORED = frozenset({"path", "display", "read", "questions", "question_text", "reusable"})


def _encode(result: FileResult) -> bytes:
    """The entry of a result: its fields, but those at their default, as JSON."""
    return json.dumps(plain.to_plain(result, skip=_UNSTORED), separators=(",", ":"),
                      check_circular=False).encode("ascii")


# An entry this short holds no finding (most files: '{"skipped":"no defer"}'); one decoding
# of it serves every file whose entry is the same bytes.
_SIMPLE_ENTRY = 256
_SCALARS = (str, int, bool, bytes, type(None))


def _decode(data: object, job: Job,
            simple: dict[bytes, dict[str, Any]] | None = None) -> FileResult | None:
    """The result an entry holds for `job`, or None when it is not an entry this version
    wrote: not JSON, another shape, a finding of another file. `simple` remembers the field
    values of short entries whose every value is immutable (no list a caller could change):
    a result is made from them without decoding the same bytes again."""
    display = display_path(job.path)
    if type(data) is not bytes:
        return None
    known = simple.get(data) if simple is not None else None
    if known is not None:
        return FileResult(path=job.path, display=display, **known)
    try:
        fields = json.loads(data)
        result = plain.from_plain(FileResult, fields, _UNSTORED,
                                  {"path": job.path, "display": display})
    except (ValueError, TypeError, RecursionError):
        return None
    if (result.original is None) != (result.new is None) or any(
            f.path != display for f in result.findings + result.applied + result.remaining):
        return None
    if simple is not None and len(data) <= _SIMPLE_ENTRY:
        values = {name: getattr(result, name) for name in fields}
        if all(type(v) in _SCALARS or (type(v) is tuple and all(type(x) in _SCALARS for x in v))
               for v in values.values()):
            simple[data] = values
    return result


# --- the store -------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    dir TEXT NOT NULL, name TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER,
    ino INTEGER, read_ns INTEGER, digest BLOB, PRIMARY KEY (dir, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, used INTEGER, data BLOB);
CREATE INDEX IF NOT EXISTS results_used ON results (used);
"""
_COLUMNS = {"files": ["dir", "name", "size", "mtime_ns", "ctime_ns", "ino", "read_ns", "digest"],
            "results": ["key", "used", "data"]}


@dataclasses.dataclass
class _Dir:
    """The .go files of one directory as this run saw them."""
    stamps: dict[str, Stamp]                 # name -> stamp, from the scan
    digests: dict[str, bytes]                # name -> digest, where known
    fresh: dict[str, tuple[Stamp, int]] = dataclasses.field(default_factory=dict)
    # ^ name -> (stamp, read_ns) for digests computed in this run (to write to the index)


class Cache:
    """One run's view of the cache. Every method swallows storage errors into `self.note`."""

    # What the runner hands the workers for the misses (Job.record_read): a plain function,
    # so that a job still goes to a worker process by value.
    record_read = staticmethod(record_read)

    def __init__(self, path: str) -> None:
        self.path = path
        self.note = ""                       # why the cache was switched off, if it was
        self.rebuilt = ""                    # why the file was deleted and made again
        self.malformed = 0                   # entries that were not valid: misses
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        self._dirs: dict[str, _Dir] = {}
        self._today = int(time.time() // 86400)
        self._rows: list[tuple[bytes, int, bytes]] = []    # prepared, not yet written
        self._index: list[tuple] = []
        self._indexed: set[str] = set()

    @classmethod
    def open(cls, directory: str | None = None) -> "Cache":
        cache = cls(db_path(directory))
        try:
            os.makedirs(os.path.dirname(cache.path), exist_ok=True)
            try:
                cache._db = _connect(cache.path)
            except _NotACache as exc:
                cache.rebuilt = f"{cache.path} was not a deferfix cache ({exc}); built anew"
                _remove(cache.path)
                cache._db = _connect(cache.path)
        except (OSError, sqlite3.Error, _NotACache) as exc:
            cache._off(f"cannot open {cache.path}: {exc}")
        return cache

    @property
    def report(self) -> str:
        """What a run should say about the cache under -v: why it was off, or rebuilt, or
        which entries it ignored; "" when there is nothing to say."""
        if self.note:
            return self.note
        parts = [f"cache rebuilt: {self.rebuilt}"] if self.rebuilt else []
        if self.malformed:
            parts.append(f"cache: {self.malformed} entr{'y' if self.malformed == 1 else 'ies'} "
                         f"not valid, computed afresh")
        return "; ".join(parts)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def _off(self, why: str) -> None:
        self.note = self.note or f"cache off: {why}"
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- looking up ------------------------------------------------------------------------
    def lookup(self, jobs: Sequence[Job]) -> dict[str, FileResult]:
        """Cached results of `jobs` by path. Jobs without one are misses."""
        if self._db is None:
            return {}
        try:
            return self._lookup(jobs)
        except (OSError, sqlite3.Error) as exc:
            self._off(f"cannot read {self.path}: {exc}")
            return {}

    def _lookup(self, jobs: Sequence[Job]) -> dict[str, FileResult]:
        by_dir: dict[str, list[Job]] = {}
        for job in jobs:
            by_dir.setdefault(os.path.dirname(job.path), []).append(job)
        wanted: dict[bytes, Job] = {}
        cwd = os.getcwd()
        for directory, dir_jobs in by_dir.items():
            state = self._scan(directory, hash_unknown=True)
            if state is None:
                continue
            dir_digest = _directory_digest(state)
            if dir_digest is None:
                continue
            base = _directory_key(directory, dir_digest, cwd)
            for job in dir_jobs:
                digest = state.digests.get(os.path.basename(job.path))
                if digest is not None and _cacheable(job):
                    wanted[_key(base, job, digest)] = job
        found: dict[str, FileResult] = {}
        stale: list[bytes] = []
        keys = list(wanted)
        simple: dict[bytes, dict[str, Any]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = self._db.execute(
                f"SELECT key, used, data FROM results WHERE key IN ({','.join('?' * len(chunk))})",
                chunk).fetchall()
            for key, used, data in rows:
                job = wanted[key]
                decoded = _decode(data, job, simple)
                if decoded is None:
                    self.malformed += 1     # a miss: the fresh result overwrites it
                    continue
                if not typestage.still_valid(decoded):
                    continue                # what its go/types answers rest on changed
                found[job.path] = decoded
                if used != self._today:
                    stale.append(key)
        self.hits = len(found)
        self.misses = len(jobs) - len(found)
        if stale:
            self._write(lambda db: db.executemany("UPDATE results SET used=? WHERE key=?",
                                                  [(self._today, k) for k in stale]))
        return found

    def _scan(self, directory: str, hash_unknown: bool) -> _Dir | None:
        """Stamp the directory's .go files and find their digests in the index. Unknown ones
        are read and hashed when `hash_unknown` and the directory was seen before (else the
        workers hash them on the way: a cold directory costs nothing extra)."""
        stamps = _go_files(directory)
        if stamps is None or not _storable(directory):
            return None
        state = _Dir(stamps, {})
        self._dirs[directory] = state
        rows = self._db.execute("SELECT name, size, mtime_ns, ctime_ns, ino, read_ns, digest "
                                "FROM files WHERE dir=?", (directory,)).fetchall()
        for name, size, mtime_ns, ctime_ns, ino, read_ns, digest in rows:
            if stamps.get(name) == (size, mtime_ns, ctime_ns, ino) and type(read_ns) is int \
                    and type(digest) is bytes and len(digest) == DIGEST_SIZE \
                    and read_ns - mtime_ns > RACY_NS:
                state.digests[name] = digest
        if hash_unknown and rows:
            for name in stamps:
                if name not in state.digests:
                    self._hash(directory, state, name)
        return state

    def _hash(self, directory: str, state: _Dir, name: str) -> None:
        read = read_and_hash(os.path.join(directory, name))
        if read is not None:
            self._note(state, name, read)

    @staticmethod
    def _note(state: _Dir, name: str, read: Read) -> None:
        state.digests[name] = read.digest
        state.fresh[name] = (read.stamp, read.read_ns)

    # --- storing ---------------------------------------------------------------------------
    def prepare(self, jobs: dict[str, Job], results: list[FileResult]) -> None:
        """Make the rows for fresh results, for `flush` to write. The results of a directory
        come in one call (its key needs every file's digest); the runner calls this as each
        directory's results arrive, while the workers still run."""
        if self._db is None:
            return
        try:
            self._prepare(jobs, results)
        except (OSError, TypeError, ValueError) as exc:
            self._off(f"cannot write {self.path}: {exc}")

    def flush(self) -> None:
        """Write the prepared rows, and the digests of every file hashed in this run."""
        if self._db is None:
            return
        index = self._index + self._index_of([d for d in self._dirs if d not in self._indexed])
        rows = self._rows
        self._rows, self._index = [], []

        def write(db: sqlite3.Connection) -> None:
            db.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?)", index)
            db.executemany("INSERT OR REPLACE INTO results VALUES (?,?,?)", rows)
            db.execute("DELETE FROM results WHERE used < ?", (self._today - PRUNE_DAYS,))
            (count,) = db.execute("SELECT count(*) FROM results").fetchone()
            if count > MAX_ENTRIES:
                db.execute("DELETE FROM results WHERE key IN (SELECT key FROM results "
                           "ORDER BY used LIMIT ?)", (count - MAX_ENTRIES,))

        if rows or index:
            self._write(write)

    def _prepare(self, jobs: dict[str, Job], results: list[FileResult]) -> None:
        by_dir: dict[str, list[FileResult]] = {}
        for result in results:
            if isinstance(result.read, Read) and not result.error and not result.internal_errors \
                    and jobs.get(result.path) is not None \
                    and _cacheable(jobs[result.path]) \
                    and not (result.types_used and not result.types_stamp):
                by_dir.setdefault(os.path.dirname(result.path), []).append(result)
        cwd = os.getcwd()
        for directory, dir_results in by_dir.items():
            state = self._dirs.get(directory) or self._scan(directory, hash_unknown=False)
            if state is None:
                continue
            for result in dir_results:
                self._note(state, os.path.basename(result.path), result.read)
            for name in state.stamps:
                if name not in state.digests:
                    self._hash(directory, state, name)
            if not self._unchanged(directory, state):
                continue   # something moved while we ran: do not file results under it
            dir_digest = _directory_digest(state)
            if dir_digest is None:
                continue
            base = _directory_key(directory, dir_digest, cwd)
            for result in dir_results:
                key = _key(base, jobs[result.path], result.read.digest)
                self._rows.append((key, self._today, _encode(result)))
        self._index += self._index_of([d for d in by_dir if d not in self._indexed])

    def _index_of(self, directories: list[str]) -> list[tuple]:
        """The index rows of the files of `directories` hashed in this run."""
        self._indexed.update(directories)
        return [(directory, name, *stamp, read_ns, state.digests[name])
                for directory in directories if (state := self._dirs.get(directory))
                for name, (stamp, read_ns) in state.fresh.items()
                if state.stamps.get(name) == stamp and _storable(name)]

    def _unchanged(self, directory: str, state: _Dir) -> bool:
        """True when the directory's .go files still have the stamps they had when hashed."""
        if _go_files(directory) != state.stamps:
            return False
        return all(stamp == state.stamps.get(name) for name, (stamp, _) in state.fresh.items())

    def _write(self, action) -> None:
        db = self._db
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                action(db)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._off(f"cannot write {self.path}: {exc}")


class _NotACache(Exception):
    """The cache file is something else: not SQLite, or not this version's tables."""


def _connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=2.0, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        for table, columns in _COLUMNS.items():
            found = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            if found and found != columns:
                raise _NotACache(f"table {table} has columns {', '.join(found)}")
        db.executescript(_SCHEMA)
    except sqlite3.DatabaseError as exc:
        db.close()
        if _not_a_database(exc):
            raise _NotACache(str(exc)) from exc
        raise
    except _NotACache:
        db.close()
        raise
    return db


def _not_a_database(exc: sqlite3.DatabaseError) -> bool:
    """SQLITE_NOTADB or SQLITE_CORRUPT: the file is garbage, not merely locked or read-only."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (11, 26)
    return "not a database" in str(exc) or "malformed" in str(exc)


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def _go_files(directory: str) -> dict[str, Stamp] | None:
    """The stamps of the .go files in `directory` (the files `Package.siblings` reads)."""
    stamps: dict[str, Stamp] = {}
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name.endswith(".go") and entry.is_file():
                    stamps[entry.name] = stamp_of(entry.stat())
    except OSError:
        return None
    return stamps


def _cacheable(job: Job) -> bool:
    """Interactive subsets and texts given on stdin are one-offs: not worth an entry."""
    return job.only is None and job.content is None


def _directory_digest(state: _Dir) -> bytes | None:
    if any(name not in state.digests for name in state.stamps):
        return None
    h = hashlib.sha256()
    for name in sorted(state.stamps):
        h.update(name.encode("utf-8", "surrogateescape") + b"\0" + state.digests[name])
    return h.digest()


def clear(directory: str | None = None) -> list[str]:
    """Delete the cache files (of every format version), and the go/types answers cached
    next to them (the helper binary stays: it is rebuilt only for a new source or Go);
    returns the paths removed."""
    directory = directory or cache_dir()
    removed = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in sorted(names):
        if name.startswith(("results-v", "gotypes-v")) and ".sqlite3" in name:
            path = os.path.join(directory, name)
            try:
                os.remove(path)
                removed.append(path)
            except FileNotFoundError:
                pass
    return removed


def info(directory: str | None = None) -> dict[str, Any]:
    path = db_path(directory)
    result: dict[str, Any] = {"path": path, "exists": os.path.exists(path), "bytes": 0,
                              "entries": 0}
    if not result["exists"]:
        return result
    for suffix in ("", "-wal", "-shm"):
        try:
            result["bytes"] += os.path.getsize(path + suffix)
        except OSError:
            pass
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2.0)
        try:
            result["entries"] = db.execute("SELECT count(*) FROM results").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error as exc:
        result["error"] = str(exc)
    return result
