"""The types stage: go/types answers for the verdicts that ask, batched per module.

Rules ask go/types through `ctx.types` (ident, expr, call, method_set) only where a verdict
depends on the answer. The analysis runs in rounds over the runner's worker pool:

1. Every file is analysed with no answers. A rule's question is recorded and answered
   "not asked yet" (the syntactic fallback); a file whose rules asked nothing is done.
   A file that asked stops at that pass (`Job.stop_when_pending`) and hands back its
   questions and the text they are about.
2. The questions of all those files are grouped per module and package, and each module
   is asked once (one helper process; modules in parallel up to --jobs).
3. Only the files that asked are analysed again, with the answers (`Job.answers`). Rules
   are pure functions of the texts and the answers, so they ask the same questions and
   find them answered; a rule that read no answer on a text is not run on it again, its
   findings are reused (codemod/analyze.py). A later fix pass over a changed text, or a
   question that depends on an earlier answer, asks again in the next round; after
   MAX_ROUNDS what is still unanswered stays unavailable (the fallback, never more
   permissive than a typed verdict).

A result that read answers (typed or unavailable) depends on more than its directory's
files, which is all the result cache keys a file by: it also depends on everything the
package's answers depend on. The helper reports, per package, the directories whose files
its key hashes (the package's own, and every dependency that is neither the standard
library nor a versioned module from the module cache); the result carries those directories
(`types_watch`) and a stamp of their files and of the Go toolchain and build environment
(`types_stamp`), and the cache takes it back only while that stamp is unchanged
(`still_valid`). A stamp taken while one of those files is too recent to trust (changed
within RACY_NS of the helper's run) is left empty, and the result is not cached.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from .analysis.gotypes import PackageQuestions, TypesService, Unavailable
from .analysis.gotypes.answers import HELPER_FAILED, OTHER
from .analysis.gotypes import helper as gohelper
from .analyze import FileResult, Job, content_digest
from .goversion import find_module
from .verify import special_go_entry

MAX_ROUNDS = 4
# Where the CLI puts a text read from stdin without --stdin-filename (cli.STDIN_PATH): in no
# package, so nothing to type-check it with.
STDIN_PATH = "/dev/stdin"
_STDIN = Unavailable("types were not available: the text read from stdin is in no package "
                     "(--stdin-filename names the file it stands for)", OTHER)
RACY_NS = 2_000_000_000
# The environment the helper's answers depend on (as its packageKey hashes it), and what
# decides which go command and files it uses.
# PATH itself is not one of them (a shell, an editor and a hook each order it their own
# way): the programs go finds on it are, by real path and stamp (`_programs`).
_ENV = ("GOOS", "GOARCH", "CGO_ENABLED", "GOFLAGS", "GOEXPERIMENT", "GOAMD64", "GOARM",
        "GO386", "GOWORK", "GOPATH", "GOROOT", "GO111MODULE", "GOENV", "GOTOOLCHAIN",
        "CC", "CXX", "PKG_CONFIG", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS")
# What the go command runs from PATH when it lists and compiles packages: itself, and for
# cgo the C compilers (CC and CXX default to gcc/g++, or clang) and pkg-config.
_PROGRAMS = ("go", "gcc", "g++", "cc", "c++", "clang", "clang++", "pkg-config")
# Besides the .go files of a watched directory, the files that change what go list says.
_MODULE_FILES = ("go.mod", "go.sum", "go.work", "go.work.sum")


@dataclass
class Report:
    """What the stage did in one run (shown under --verbose)."""
    seconds: float = 0.0            # wall time spent asking the service
    rounds: int = 0
    files: int = 0                  # files that asked (counted once)
    questions: int = 0
    processes: int = 0
    packages_checked: int = 0
    packages_cached: int = 0
    helper_build_seconds: float = 0.0
    reanalysed: int = 0             # analyses repeated with answers
    timings: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        build = f", helper built in {self.helper_build_seconds:.1f} s" \
            if self.helper_build_seconds else ""
        return (f"types: {self.files} file(s) asked {self.questions} question(s) in "
                f"{self.rounds} round(s); {self.packages_checked} package(s) type-checked, "
                f"{self.packages_cached} from the answer cache, {self.processes} helper "
                f"process(es), {self.seconds:.2f} s{build}")


def analyse(jobs: list[Job], analyse_jobs: Callable[[list[Job]], Iterable[FileResult]],
            enabled: bool, workers: int, cache_dir: str | None, use_cache: bool,
            report: Report) -> Iterator[FileResult]:
    """The results of `jobs`, in their order, analysed in rounds as the module docstring
    says. `analyse_jobs` runs jobs (the runner's pool) and yields their results in order."""
    if not enabled:
        for job in jobs:
            job.types = False
        yield from analyse_jobs(jobs)
        return
    for job in jobs:
        job.stop_when_pending = True
    done: dict[str, FileResult] = {}
    waiting: dict[str, FileResult] = {}
    order = [job.path for job in jobs]
    position = 0
    for result in analyse_jobs(jobs):
        if result.questions:
            waiting[result.path] = result
        else:
            done[result.path] = result
        while position < len(order) and order[position] in done:
            yield done.pop(order[position])
            position += 1
    if waiting:
        by_path = {job.path: job for job in jobs}
        done.update(_rounds(by_path, waiting, analyse_jobs, workers, cache_dir, use_cache,
                            report))
    for path in order[position:]:
        yield done.pop(path)


def _rounds(jobs: dict[str, Job], waiting: dict[str, FileResult],
            analyse_jobs: Callable[[list[Job]], Iterable[FileResult]], workers: int,
            cache_dir: str | None, use_cache: bool, report: Report) -> dict[str, FileResult]:
    finished: dict[str, FileResult] = {}
    watched: dict[str, tuple[str, ...]] = {}
    asked_files: set[str] = set()
    started_ns = time.time_ns()
    for round_no in range(1, MAX_ROUNDS + 1):
        report.rounds = round_no
        asked_files.update(waiting)
        start = time.perf_counter()
        answers, keys = _ask(list(waiting.values()), workers, cache_dir, use_cache, report)
        report.seconds += time.perf_counter() - start
        watched.update(keys)
        again = []
        for path, result in waiting.items():
            job = jobs[path]
            known = job.answers if job.answers is not None else {}
            digest = content_digest(result.question_text or b"")
            known.setdefault(digest, {}).update(zip(result.questions, answers[path]))
            job.answers = known
            if result.reusable:
                job.reuse = {**(job.reuse or {}), **result.reusable}
            job.stop_when_pending = round_no < MAX_ROUNDS
            again.append(job)
        report.reanalysed += len(again)
        waiting = {}
        for result in analyse_jobs(again):
            if result.questions:
                waiting[result.path] = result
            else:
                finished[result.path] = result
        if not waiting:
            break
    report.files = len(asked_files)
    for result in finished.values():
        if result.types_used:
            directory = os.path.dirname(result.path)
            watch = set(watched.get(directory, ()))
            module = find_module(directory)
            watch.update({directory, module.root if module else directory})
            result.types_watch = tuple(sorted(watch))
            result.types_stamp = stamp(result.types_watch, trust_before_ns=started_ns)
    return finished


def _ask(waiting: Sequence[FileResult], workers: int, cache_dir: str | None, use_cache: bool,
         report: Report) -> tuple[dict[str, list], dict[str, tuple[str, ...]]]:
    """The answers to every waiting file's questions (path -> one answer per question), and
    what the helper said each package's answers depend on (directory -> watched dirs)."""
    modules: dict[str, dict[str, PackageQuestions]] = {}
    out: dict[str, list] = {}
    for result in waiting:
        if result.path == STDIN_PATH:
            out[result.path] = [_STDIN] * len(result.questions)
            continue
        directory = os.path.dirname(result.path)
        special = special_go_entry(directory)
        if special:   # go list would read it (and wait on a FIFO for ever)
            out[result.path] = [Unavailable(f"types were not available: {special}", OTHER)] \
                * len(result.questions)
            continue
        module = find_module(directory)
        root = module.root if module is not None else directory
        packages = modules.setdefault(root, {})
        pq = packages.setdefault(directory, PackageQuestions(directory))
        pq.files[result.path] = (result.question_text or b"", list(result.questions))
        report.questions += len(result.questions)
    parallel = max(1, min(workers, len(modules)))
    helper_jobs = max(1, workers // parallel)

    services = [TypesService(cache_dir=cache_dir, jobs=helper_jobs, use_cache=use_cache)
                for _ in modules]

    def ask(item: tuple[TypesService, tuple[str, dict[str, PackageQuestions]]]):
        service, (root, packages) = item
        with service:
            answers = service.ask_module(root, list(packages.values()))
            keys = {d: service.package(d) for d in packages}
            return answers, keys, service.stats

    answers: dict[str, list] = {}
    keys: dict[str, tuple[str, ...]] = {}
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        try:
            asked = list(pool.map(ask, zip(services, modules.items())))
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM): the helpers the worker threads wait for are
            # killed, so the threads end now and take their temporary directories along.
            for service in services:
                service.cancel()
            raise
        for got, package_keys, stats in asked:
            for path, per_question in got.items():
                answers[path] = per_question
            for directory, key in package_keys.items():
                if key is not None:
                    keys[directory] = key.watch
            report.processes += stats.processes
            report.packages_checked += stats.packages_checked
            report.packages_cached += stats.packages_cached
            report.helper_build_seconds += stats.build_seconds
            for name, value in stats.timings.items():
                report.timings[name] = report.timings.get(name, 0.0) + value
    # The service keys its answers by real paths: give them back under the job's path.
    for result in waiting:
        if result.path in out:
            continue
        got = answers.get(result.path) or answers.get(os.path.realpath(result.path))
        out[result.path] = got if got is not None else \
            [_missing()] * len(result.questions)
    return out, keys


def _missing() -> Unavailable:
    return Unavailable("types were not available: the service did not answer for the file",
                       HELPER_FAILED)


# --- what a typed result depends on -----------------------------------------------------------

def _environment() -> bytes:
    """The toolchain (the helper's source and Go version: what answers the questions) and
    the environment variables that change what go list and go/types see."""
    h = hashlib.sha256(b"deferfix types environment 1\0")
    h.update(gohelper.source_digest().encode())
    # The go command and the C compilers cgo runs, by real path and stamp (a new Go is a new
    # binary), not by running `go env`: a warm rerun asks no process anything.
    for program in _programs():
        found = shutil.which(program)
        real = os.path.realpath(found) if found else ""
        h.update(f"{program} {real}\0{_file_stamp(real) if real else ()}\0".encode(
            "utf-8", "surrogateescape"))
    for name in _ENV:
        h.update(f"{name}={os.environ.get(name, '')}\0".encode("utf-8", "surrogateescape"))
    goenv = os.environ.get("GOENV") or _default_goenv()
    h.update(repr(_file_stamp(goenv)).encode())
    return h.digest()


def _programs() -> list[str]:
    """The programs of _PROGRAMS, and whatever CC, CXX and PKG_CONFIG name (their first
    word: the variables may carry flags)."""
    named = [os.environ.get(name, "").split() for name in ("CC", "CXX", "PKG_CONFIG")]
    return list(_PROGRAMS) + [words[0] for words in named if words]


def _default_goenv() -> str:
    if sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Application Support")
    elif sys.platform == "win32":
        base = os.environ.get("APPDATA", "")
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return os.path.join(base, "go", "env")


def _file_stamp(path: str) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return ()
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


_environment_digest: bytes | None = None
_dir_stamps: dict[str, tuple[bytes, int]] = {}
_stamps: dict[tuple[str, ...], bytes] = {}   # stamp(watch), of what _dir_stamps holds


def forget() -> None:
    """Drop what this process remembers of the environment and the directories (a new run)."""
    global _environment_digest
    _environment_digest = None
    _dir_stamps.clear()
    _stamps.clear()


def _dir_stamp(directory: str) -> tuple[bytes, int]:
    """A digest of the stamps of a directory's .go files and module files, and the newest
    mtime among them."""
    if directory not in _dir_stamps:
        h = hashlib.sha256(directory.encode("utf-8", "surrogateescape") + b"\0")
        newest = 0
        try:
            with os.scandir(directory) as entries:
                names = sorted((e.name, e) for e in entries
                               if e.name.endswith(".go") or e.name in _MODULE_FILES)
            for name, entry in names:
                try:
                    st = entry.stat()
                except OSError:
                    h.update(name.encode("utf-8", "surrogateescape") + b"\0?\0")
                    continue
                newest = max(newest, st.st_mtime_ns)
                h.update(f"{name}\0{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} "
                         f"{st.st_ino}\0".encode("utf-8", "surrogateescape"))
        except OSError as err:
            h.update(f"cannot list: {err.errno}".encode())
        _dir_stamps[directory] = (h.digest(), newest)
    return _dir_stamps[directory]


def stamp(watch: Sequence[str], trust_before_ns: int | None = None) -> bytes:
    """The stamp of what a typed result depends on; b"" when a watched file changed too
    recently (after `trust_before_ns - RACY_NS`) to tell an unchanged file from one
    rewritten within the same timestamp tick."""
    if trust_before_ns is None:
        # The files of a package share one watch list: stamped once (a function of the
        # environment and the directories' stamps, both remembered for the run).
        key = tuple(watch)
        if key not in _stamps:
            _stamps[key] = _stamp(watch, None)
        return _stamps[key]
    return _stamp(watch, trust_before_ns)


def _stamp(watch: Sequence[str], trust_before_ns: int | None) -> bytes:
    global _environment_digest
    if _environment_digest is None:
        _environment_digest = _environment()
    h = hashlib.sha256(_environment_digest)
    for directory in sorted(watch):
        digest, newest = _dir_stamp(directory)
        if trust_before_ns is not None and newest >= trust_before_ns - RACY_NS:
            return b""
        h.update(digest)
    return h.digest()


def still_valid(result: FileResult) -> bool:
    """A cached result that read no answers, or whose answers' dependencies are unchanged."""
    if not result.types_used:
        return True
    return bool(result.types_stamp) and stamp(result.types_watch) == result.types_stamp
