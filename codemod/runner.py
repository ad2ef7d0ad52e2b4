"""The runner: owns files, processes, verification and results. Transforms own none of it.

`run(options)` discovers the files, analyses them in parallel processes, verifies every new
text with gofmt and go vet (batched; verification narrows a rejected file down to the fixes
that pass), and returns a `RunResult` that the CLI, the diff printer, the writer and the bot
all consume.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from . import config, internal, parsing, registry, signals, typestage
from .analysis.package import Directory
from .analyze import FileResult, Job, analyze
from .discovery import Discovered, discover, display_path
from .goversion import Version
from .fixsets import FixSet, fix_sets
from .model import Applicability, Finding
from .verify import Change, Verdict, Verifier, narrow, require_tools

# Below this many files the process pool costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass
class Options:
    paths: Sequence[str] = (".",)
    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    unsafe_fixes: bool | None = None  # None: as .deferfix.toml says (default off)
    go_version: Version | None = None
    fix: bool = True            # compute and verify fixes (diff, apply); check only reports
    verify: bool = True         # gofmt always runs when fixing; this switches go vet
    jobs: int = 0               # 0: the CPU count
    include_generated: bool = False
    exclude: Sequence[str] = ()
    # Module names of transforms to run instead of the registry's (tests use this).
    transforms: Sequence[str] | None = None
    progress: bool = False
    # Texts to analyse instead of discovering files, by absolute path (stdin mode). The path
    # still decides the module, Go version and config; verification overlays the text there.
    contents: dict[str, bytes] | None = None
    # Apply only these first-pass findings (by Finding.key), in one pass (interactive apply).
    only: frozenset[tuple] | None = None
    # Reuse and record per-file results in the user's cache (cache.py); the CLI turns it on.
    cache: bool = False
    cache_dir: str | None = None     # None: cache.cache_dir()
    # Reject fixes that go vet could not check (the module cannot be vetted, no go.mod).
    require_vet: bool = False
    # Compute the fixes (for json and SARIF documents) but verify none of them: `check`.
    unverified_fixes: bool = False
    # --config PATH: that .deferfix.toml for every file, no search; --isolated: none at all.
    config_file: str | None = None
    isolated: bool = False
    # --new-from-rev: report and fix only findings on lines added or changed since this
    # revision (codemod/newcode.py).
    new_from_rev: str | None = None
    # Ask go/types where a verdict depends on it (None: as .deferfix.toml says, default on;
    # False: --no-types). See typestage.py.
    types: bool | None = None


@dataclass
class Rejection:
    finding: Finding
    reason: str


@dataclass
class FileChange:
    path: str
    display: str
    original: bytes
    new: bytes
    applied: list[Finding]
    notes: list[str] = field(default_factory=list)
    # Why go vet did not check this change ("" when it did): gofmt alone verified it.
    unverified: str = ""
    # The findings (on the original) whose fixes the new text holds: `applied` and those
    # fixed in later passes.
    resolved: list[Finding] = field(default_factory=list)
    # The findings on the new text: what is left of the file once the change is written.
    left: list[Finding] = field(default_factory=list)


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    changes: list[FileChange] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)   # (display path, message)
    # (display path, traceback) of each internal error among `errors`: printed with -v.
    tracebacks: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)    # (display path, note)
    remaining: list[Finding] = field(default_factory=list)        # not fixed by the changes
    fix_sets: list[FixSet] = field(default_factory=list)          # the changes, as fixes
    timings: dict[str, float] = field(default_factory=dict)
    vet_invocations: int = 0
    baseline_invocations: int = 0     # of vet_invocations: runs over the originals
    cache_hits: int = 0
    cache_note: str = ""          # why the cache was off, rebuilt or ignored entries (-v)
    # Outside a git work tree: .go files that .gitignore patterns hid (display path, why).
    ignored: list[tuple[str, str]] = field(default_factory=list)
    types: typestage.Report = field(default_factory=typestage.Report)

    def left(self, written: Iterable[FileChange] | None = None) -> list[Finding]:
        """What is left to fix once the changes `written` (by default all of the run's) are
        in the files: a written file's findings on its new text, every finding of a file
        left as it is, in file order. The one answer for apply, the review, the bot and the
        output (a change from a second run of some files, as the review makes, counts for
        its file)."""
        by_path = {c.path: c for c in (self.changes if written is None else written)}
        left: list[Finding] = []
        for file_result in self.files:
            change = by_path.get(file_result.path)
            left.extend(change.left if change is not None else file_result.findings)
        return left

    @property
    def unverified(self) -> list[FileChange]:
        """Changes that only gofmt checked (go vet could not run, or --no-verify)."""
        return [c for c in self.changes if c.unverified]

    @property
    def findings(self) -> list[Finding]:
        found = [f for r in self.files for f in r.findings]
        return sorted(found, key=lambda f: (f.path, f.line, f.col, f.rule))

    @property
    def skipped(self) -> dict[str, int]:
        """Files by why they were skipped, in whole ("no defer", "generated", "binary", "not
        a regular file": the part of `FileResult.skipped` before its colon) or in part
        ("syntax error": declarations the grammar could not parse were left out)."""
        counts: dict[str, int] = {}
        for r in self.files:
            reason = r.skipped.split(":")[0] or ("syntax error" if r.syntax_errors else "")
            if reason:
                counts[reason] = counts.get(reason, 0) + 1
        return counts

    @property
    def skipped_files(self) -> list[tuple[str, str]]:
        """(display path, why) of every file not analysed in full: generated, unreadable, or
        with declarations skipped for a syntax error. Files without a defer are not listed:
        the byte filter proves there is nothing to find in them."""
        listed = []
        for r in self.files:
            if r.error:
                listed.append((r.display, r.error))
            elif r.skipped == "generated":
                listed.append((r.display, "generated (--include-generated analyses it)"))
            elif r.skipped and r.skipped != "no defer":
                listed.append((r.display, r.skipped))
            elif r.syntax_errors:
                lines = ", ".join(map(str, r.syntax_errors))
                where = "%d:%d" % r.parse_error if r.parse_error else "?"
                listed.append((r.display, f"syntax error: declaration(s) at line {lines} "
                                          f"skipped, no fix written (the file does not parse "
                                          f"at {where}: broken code or a grammar gap)"))
        return listed


def _jobs_for(options: Options, files: Iterable[str], modules: Sequence[str],
              report_only: dict[str, str] | None = None) -> list[Job]:
    """One job per file, with the settings of its nearest .deferfix.toml under the flags.
    `report_only`: files none of whose fixes may be written, and why."""
    contents = options.contents or {}
    resolver = config.Resolver(options, registry.rule_ids())
    module_of = {t.rule.id: t.module for t in registry.all_transforms()}
    jobs = []
    for path in files:
        settings = resolver.settings_for(path)
        if settings is None or not settings.rules and options.transforms is None:
            continue  # excluded by the config, or every rule is ignored there
        chosen = modules if options.transforms is not None else \
            [module_of[rule] for rule in settings.rules]
        apply = frozenset({"safe", "unsafe"} if settings.unsafe_fixes else {"safe"}) \
            if options.fix else frozenset()
        jobs.append(Job(path=path, transforms=tuple(chosen), apply=apply,
                        go_version=settings.go_version,
                        include_generated=options.include_generated,
                        only=options.only, content=contents.get(path),
                        report_only=(report_only or {}).get(path, ""),
                        types=settings.types))
    return jobs


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity mask, e.g. a container's or taskset's
    share), not the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class _Workers:
    """The worker processes of one run: started when a batch is worth them, and kept for the
    batches after it (the types stage's later rounds), whose files each worker analyses with
    what it already computed of the other directories (`_WORKER_SHARED`) and with no new
    processes to start. `close` ends them; none outlives the run."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def map(self, jobs: list[Job]) -> Iterator[FileResult]:
        """The results of `jobs`, in their order."""
        if self.workers <= 1 or self._pool is None and len(jobs) < PARALLEL_THRESHOLD:
            yield from _analyze_in_order(jobs)
            return
        tasks = _packages(jobs, limit=max(16, len(jobs) // (self.workers * 4)))
        if len(tasks) <= 1:
            yield from _analyze_in_order(jobs)
            return
        if self._pool is None:
            # More workers than CPUs or than tasks only cost memory and start-up (--jobs
            # 1000); a later batch runs on the processes this one started.
            self._pool = _start_pool(min(self.workers, len(tasks)))
        pool = self._pool
        # Largest first, so that no worker is left with a long package at the end.
        futures = {id(task): pool.submit(_analyze_all, task)
                   for task in sorted(tasks, key=len, reverse=True)}
        done: dict[str, FileResult] = {}
        task_of = {job.path: task for task in tasks for job in task}
        collected: set[int] = set()   # the tasks whose results are in
        for job in jobs:
            task = task_of[job.path]
            if id(task) not in collected:
                results = _collect(futures[id(task)], task)
                if results is None:
                    # A worker died (killed, out of memory) and the pool with it: every
                    # task it had not finished is lost, and done again; a later batch
                    # starts new processes.
                    self._pool = None
                    _kill_workers(pool)
                    unfinished = [t for t in tasks if id(t) not in collected]
                    results = _recover(unfinished, futures, self.workers)
                    collected.update(id(t) for t in unfinished)
                collected.add(id(task))
                done.update((r.path, r) for r in results)
            yield done.pop(job.path)

    def close(self, kill: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            _kill_workers(pool)
        else:
            pool.shutdown(wait=True)


def _recover(tasks: list[list[Job]], futures: dict[int, object],
             workers: int) -> list[FileResult]:
    """The results of `tasks` after their pool broke: those that finished before, and the
    others done again (`_redo`)."""
    results: list[FileResult] = []
    lost = []
    for task in tasks:
        collected = _collect(futures[id(task)], task)
        if collected is None:
            lost.append(task)
        else:
            results.extend(collected)
    return results + _redo(lost, workers)


def _collect(future, task: list[Job]) -> list[FileResult] | None:
    """A task's results; None when its worker died (the pool is broken)."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except Exception as exc:   # the worker failed outside the analysis (its results lost)
        return [_failed(job, exc) for job in task]


def _redo(lost: list[list[Job]], workers: int) -> list[FileResult]:
    """The tasks a dead worker took with it, in a new pool; the files of those lost again
    each in a pool of its own, so that a file that kills its worker (a crash, the memory it
    takes) costs only its own result."""
    results: list[FileResult] = []
    if lost:
        with _pool(min(workers, len(lost))) as pool:
            futures = [(task, pool.submit(_analyze_all, task)) for task in lost]
        again = []
        for task, future in futures:
            collected = _collect(future, task)
            if collected is None:
                again.append(task)
            else:
                results.extend(collected)
        for job in (job for task in again for job in task):
            with _pool(1) as pool:
                collected = _collect(pool.submit(_analyze_all, [job]), [job])
            results.extend(collected if collected is not None
                           else [_failed(job, BrokenProcessPool())])
    return results


def _start_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes, each of which dies with this process too (signals.worker_start)."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=signals.worker_start, initargs=(os.getpid(),))


@contextlib.contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of worker processes, none of which outlives the `with`: an exception, an
    interrupt or a consumer that stops early kills them (their work is lost anyway)."""
    pool = _start_pool(workers)
    try:
        yield pool
    except BaseException:
        _kill_workers(pool)
        raise
    pool.shutdown(wait=True)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    # The processes, before shutdown forgets them. Python 3.14 has pool.kill_workers().
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        process.join(timeout=5)


def _failed(job: Job, exc: BaseException) -> FileResult:
    """The result of a job whose worker failed: only that internal error."""
    result = FileResult(path=job.path, display=display_path(job.path))
    message, traceback = internal.in_file(exc)
    if isinstance(exc, BrokenProcessPool):
        message = ("internal error: the worker process analysing it died (killed, or out of "
                   "memory); the file's results are left out")
    result.internal_errors.append((message, traceback))
    return result


def _packages(jobs: Sequence[Job], limit: int) -> list[list[Job]]:
    """The jobs by directory (a package: rules read its other files, and a worker that has
    the whole package parses each of them once), a large directory cut into `limit` pieces."""
    by_directory: dict[str, list[Job]] = {}
    for job in jobs:
        by_directory.setdefault(os.path.dirname(job.path), []).append(job)
    return [group[start:start + limit] for group in by_directory.values()
            for start in range(0, len(group), limit)]


def _analyze_all(jobs: list[Job]) -> list[FileResult]:
    """One task (a package directory, or a piece of one) in a worker."""
    try:
        return list(_analyze_in_order(jobs, _WORKER_SHARED))
    finally:
        parsing.forget()


# What rules computed over other directories' files (`Directory.shared`), kept for the
# tasks a worker process runs: a pool's processes live for one run.
_WORKER_SHARED: dict = {}


def _analyze_in_order(jobs: Iterable[Job], shared: dict | None = None) -> Iterator[FileResult]:
    """The jobs one after the other, each directory's files listed, read and parsed once
    for all its jobs (`Directory`); a directory is dropped when the next job is in another
    one (the trees of several large packages must not pile up: they take about 40 times
    their source). `shared` (`Directory.shared`): the worker's, or this call's own."""
    shared = {} if shared is None else shared
    directory: Directory | None = None
    for job in jobs:
        path = os.path.dirname(job.path)
        if directory is None or directory.path != path:
            directory = Directory(path, shared=shared)
        yield analyze(job, directory)


def _open_cache(options: Options):
    """The run's result cache, or None when it is off (stdin texts are never cached)."""
    if not options.cache or options.contents is not None:
        return None
    from . import cache
    return cache.Cache.open(options.cache_dir)


def _merge(jobs: Sequence[Job], cached: dict[str, FileResult],
           fresh: Iterator[FileResult]) -> Iterator[FileResult]:
    """Results in job order: cached ones, and fresh ones for the misses as they come."""
    for job in jobs:
        yield cached[job.path] if job.path in cached else next(fresh)
    yield from fresh   # nothing is left; this lets the pool shut down


def _progress(results: Iterator[FileResult], total: int, enabled: bool) -> Iterator[FileResult]:
    if not enabled or total < PARALLEL_THRESHOLD:
        yield from results
        return
    import click
    with click.progressbar(results, length=total, label="scanning", file=sys.stderr) as bar:
        yield from bar


def transform_modules(options: Options) -> list[str]:
    if options.transforms is not None:
        return list(options.transforms)
    return [t.module for t in registry.select(list(options.select or []) or None,
                                              list(options.ignore or []) or None)]


def run(options: Options, on_result: Callable[[FileResult], None] | None = None) -> RunResult:
    result = RunResult()
    if options.fix and not options.unverified_fixes:
        # Before any work: diff and apply cannot show or write a fix without the tools that
        # verify it (gofmt, and go unless --no-verify), whatever the files hold.
        require_tools(vet=options.verify)
    modules = transform_modules(options)
    started = time.perf_counter()
    typestage.forget()
    if options.contents is not None:
        discovered = Discovered(files=sorted(options.contents))
    else:
        discovered = discover(list(options.paths), list(options.exclude))
    result.errors.extend(discovered.errors)
    result.notes.extend(discovered.notes)
    result.ignored = sorted((display_path(path), why) for path, why in discovered.ignored)
    result.files.extend(FileResult(path=path, display=display_path(path), skipped=why)
                        for path, why in sorted(discovered.skipped.items()))
    jobs = _jobs_for(options, discovered.files, modules, discovered.outside)
    if options.new_from_rev:
        from .newcode import new_lines
        lines = new_lines([j.path for j in jobs], options.new_from_rev, options.contents)
        for job in jobs:
            job.new_lines = lines[job.path]
    workers = min(options.jobs or cpu_count(), cpu_count())
    result.timings["discover"] = time.perf_counter() - started
    store = _open_cache(options)
    cached = store.lookup(jobs) if store else {}
    misses = [j for j in jobs if j.path not in cached]
    for job in misses if store else ():
        job.record_read = store.record_read
    if store:
        result.timings["cache lookup"] = \
            time.perf_counter() - started - result.timings["discover"]
    workers_pool = _Workers(workers)
    try:
        fresh = _merge(jobs, cached, typestage.analyse(
            misses, workers_pool.map, enabled=any(j.types for j in misses),
            workers=workers, cache_dir=options.cache_dir, use_cache=options.cache,
            report=result.types))
        # A directory's fresh results go to the cache as soon as all of them are in, while
        # the workers go on (store.prepare); only the write waits for the end.
        miss_jobs = {j.path: j for j in misses} if store else {}
        waiting = collections.Counter(os.path.dirname(path) for path in miss_jobs)
        arrived: dict[str, list[FileResult]] = {}
        for file_result in _progress(fresh, len(jobs), options.progress):
            with internal.processing(file_result.display):
                if file_result.path in miss_jobs:
                    directory = os.path.dirname(file_result.path)
                    arrived.setdefault(directory, []).append(file_result)
                    waiting[directory] -= 1
                    if not waiting[directory]:
                        store.prepare(miss_jobs, arrived.pop(directory))
                result.files.append(file_result)
                if file_result.error:
                    result.errors.append((file_result.display, file_result.error))
                for message, traceback in file_result.internal_errors:
                    result.errors.append((file_result.display, message))
                    result.tracebacks.append((file_result.display, traceback))
                result.notes.extend((file_result.display, note) for note in file_result.notes)
                if on_result:
                    on_result(file_result)
    except BaseException:
        # An interrupt or a consumer that stops early: the workers' work is lost anyway.
        workers_pool.close(kill=True)
        raise
    workers_pool.close()
    result.timings["analyse"] = time.perf_counter() - started
    if result.types.rounds:
        result.timings["types"] = result.types.seconds
        result.notes.append(("deferfix", result.types.line()))
    if store:
        stored = time.perf_counter()
        store.flush()
        store.close()
        result.cache_hits, result.cache_note = len(cached), store.report
        result.timings["cache store"] = time.perf_counter() - stored

    changed = [r for r in result.files if r.new is not None]
    jobs_by_path = {j.path: j for j in jobs}
    if options.fix and changed and options.unverified_fixes:
        why = "check does not verify fixes; deferfix diff and apply do"
        for file_result in changed:
            _accept(result, file_result, Verdict(True, file_result.new, unverified=why),
                    jobs_by_path[file_result.path])
    elif options.fix and changed:
        started = time.perf_counter()
        _verify(options, changed, jobs_by_path=jobs_by_path, result=result)
        result.timings["verify"] = time.perf_counter() - started
    result.remaining = result.left()
    result.changes.sort(key=lambda c: c.display)
    for change in result.changes:
        with internal.processing(change.display):
            sets = fix_sets(change.display, change.original, change.new, change.resolved,
                            first_id=len(result.fix_sets) + 1)
        for fix_set in sets:
            fix_set.unverified = change.unverified
            fix_set.verification = "none" if options.unverified_fixes else \
                "gofmt" if change.unverified else "go vet"
        result.fix_sets.extend(sets)
    return result


def _verify(options: Options, changed: list[FileResult], jobs_by_path: dict[str, Job],
            result: RunResult) -> None:
    require_tools(vet=options.verify)
    with Verifier(vet=options.verify, memory=options.contents) as verifier:
        with internal.processing(_files(changed, "verifying")):
            verdicts = verifier.verify([Change(r.path, r.original, r.new) for r in changed])
        for file_result, verdict in zip(changed, verdicts):
            verdict = _required(options, verdict)
            if verdict.ok:
                _accept(result, file_result, verdict, jobs_by_path[file_result.path])
            else:
                with internal.processing(file_result.display):
                    _narrow(options, verifier, file_result, jobs_by_path[file_result.path],
                            verdict.reason, result)
        result.vet_invocations = verifier.vet_invocations
        result.baseline_invocations = verifier.baseline_invocations


def _files(results: Sequence[FileResult], doing: str) -> str:
    """What a batch is doing, for an internal error's line: `verifying a.go` or `verifying
    a.go and 11 other files`."""
    others = len(results) - 1
    return f"{doing} {results[0].display}" + (
        f" and {others} other file{'s' if others > 1 else ''}" if others else "")


def _required(options: Options, verdict: Verdict) -> Verdict:
    """With --require-vet, a change that go vet did not check is rejected."""
    if verdict.ok and verdict.unverified and options.require_vet:
        verdict.ok = False
        verdict.reason = f"not verified ({verdict.unverified}) and --require-vet is set"
    return verdict


def _accept(result: RunResult, file_result: FileResult, verdict: Verdict, job: Job,
            resolved: Sequence[Finding] | None = None) -> None:
    """Take a verified change. `resolved`: the findings it fixes, when not every applicable
    finding of the file (a narrowed change applies only the ones that passed)."""
    if verdict.new == file_result.original:
        return
    if resolved is None:
        turned_down = {r.finding.key for r in result.rejected}
        resolved = [f for f in file_result.findings if f.fix is not None
                    and f.fix.applicability.value in job.apply
                    and f.fix.applicability is not Applicability.NONE
                    and f.key not in turned_down]
    result.changes.append(FileChange(file_result.path, file_result.display,
                                     file_result.original, verdict.new, file_result.applied,
                                     verdict.notes, verdict.unverified, list(resolved),
                                     list(file_result.remaining)))
    result.notes.extend((file_result.display, note) for note in verdict.notes)


def _narrow(options: Options, verifier: Verifier, file_result: FileResult, job: Job,
            reason: str, result: RunResult) -> None:
    """The whole file's change failed: verification keeps the first-pass fixes that pass
    (`verify.narrow`); this makes the file's text with a set of them."""
    directory: list[Directory] = []

    def attempt(findings: Sequence[Finding]) -> tuple[FileResult, Verdict] | None:
        if not directory:
            directory.append(Directory(os.path.dirname(job.path)))
        trial = analyze(_only(job, findings), directory[0])
        if trial.new is None:
            return None
        return trial, _required(options, verifier.verify(
            [Change(job.path, trial.original, trial.new)])[0])

    narrowed = narrow(file_result.applied, reason, attempt)
    result.rejected.extend(Rejection(finding, why) for finding, why in narrowed.rejected)
    file_result.remaining = file_result.findings
    if narrowed.text is not None:
        combined = narrowed.text
        combined.applied = narrowed.kept
        _accept(result, combined, narrowed.verdict, job, resolved=narrowed.kept)
        file_result.remaining = combined.remaining


def _only(job: Job, findings: Sequence[Finding]) -> Job:
    """The same job, applying only these first-pass findings (every other field carries)."""
    return dataclasses.replace(job, only=frozenset(f.key for f in findings), record_read=None,
                               stop_when_pending=False)


__all__ = ["Options", "RunResult", "FileChange", "Rejection", "run", "display_path"]
