"""The run's worker pool (runner._Workers): started once, kept for the types stage's later
rounds, replaced when a worker dies."""

from __future__ import annotations

import pytest

from codemod import runner
from codemod.analyze import Job
from engine_rules import KILL_MARKER
from test_engine import module

LOCK = """package p

import "sync"

var mu sync.Mutex

func F() {
	mu.Lock()
	defer mu.Unlock
}
"""

def jobs_for(root, names, rules=("transforms.recover_misuse",)) -> list[Job]:
    return [Job(path=str(root / name), transforms=rules) for name in names]


def tree(tmp_path, count: int):
    names = [f"p{i % 8}/f{i}.go" for i in range(count)]
    files = {name: LOCK.replace("package p", f"package p{name[1]}") for name in names}
    return module(tmp_path, files), names


def test_a_later_batch_runs_on_the_workers_the_first_one_started(tmp_path, monkeypatch):
    """A small second batch (the files that asked go/types) goes to the pool the first
    batch started, however few its files: no new processes, and not in this process."""
    root, names = tree(tmp_path, runner.PARALLEL_THRESHOLD + 6)
    started = []
    start = runner._start_pool
    monkeypatch.setattr(runner, "_start_pool", lambda n: started.append(n) or start(n))
    workers = runner._Workers(2)
    try:
        first = list(workers.map(jobs_for(root, names)))
        assert [r.path for r in first] == [str(root / n) for n in names]
        assert started == [2] and not any(r.internal_errors for r in first)

        def not_here(*args, **kwargs):
            raise AssertionError("analysed in the main process")
        monkeypatch.setattr(runner, "_analyze_in_order", not_here)
        again = names[:3] + names[-3:]   # fewer files than PARALLEL_THRESHOLD, 6 packages
        second = list(workers.map(jobs_for(root, again)))
        assert [r.path for r in second] == [str(root / n) for n in again]
        assert not any(r.internal_errors for r in second) and started == [2]
    finally:
        workers.close()
    assert workers._pool is None


def test_without_a_pool_a_small_batch_stays_in_this_process(tmp_path, monkeypatch):
    root, names = tree(tmp_path, 6)
    monkeypatch.setattr(runner, "_start_pool", lambda n: pytest.fail("a pool was started"))
    workers = runner._Workers(2)
    results = list(workers.map(jobs_for(root, names)))
    assert [r.path for r in results] == [str(root / n) for n in names]
    workers.close()


def test_a_worker_that_dies_in_a_later_batch_costs_its_file_and_the_pool(tmp_path):
    """SIGKILL to a worker during the second batch: that file's result is an internal error,
    the others are in, and the next batch worth a pool runs on new processes."""
    root, names = tree(tmp_path, runner.PARALLEL_THRESHOLD + 6)
    victim = root / names[5]
    victim.write_text(victim.read_text().replace("func F", f"// {KILL_MARKER}\nfunc F"))
    rules = ("transforms.recover_misuse", "engine_rules:killer")
    workers = runner._Workers(2)
    try:
        first = [r for r in workers.map(jobs_for(root, names[6:], rules))]
        pool = workers._pool
        assert pool is not None and not any(r.internal_errors for r in first)
        second = list(workers.map(jobs_for(root, names[:8], rules)))
        broken = [r.display for r in second if r.internal_errors]
        assert broken == [runner.display_path(str(victim))]
        assert [r.path for r in second] == [str(root / n) for n in names[:8]]
        assert workers._pool is None
        third = list(workers.map(jobs_for(root, names[6:], rules)))
        assert workers._pool is not None and workers._pool is not pool
        assert not any(r.internal_errors for r in third)
    finally:
        workers.close(kill=True)
