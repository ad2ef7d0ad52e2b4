"""The result cache: a cached result is the fresh one, anything that changes a result misses,
and a cache that cannot be used never fails a run."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod import cache
from codemod.cli import main
from codemod.runner import Options, run

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

HELPER = """package p

func helper() {
	if r := recover(); r != nil {
		println("recovered")
	}
}

func Run() {
	helper()
}
"""
DEFERS_HELPER = """package p

func Other() {
	defer helper()
}
"""
CALLS_HELPER = """package p

func Other() {
	helper()
}
"""
LOOP = """package p

import "sync"

var mu sync.Mutex

func F() {
	mu.Lock()
	defer mu.Lock()
}
"""


def golden_tree(tmp_path: Path) -> Path:
    """Every golden input in a package directory of its own: the cases whose go.mod says only
    its module and `go` line share one module per `go` line (go/types runs one helper process
    per module, not one per case), a case with another go.mod (a require, a replace) keeps
    its own module, and one without a go.mod stays outside any. The go.mod files are aged
    (see `age`): a typed result is cached only once its module files are old enough."""
    root = tmp_path / "tree"
    for case in sorted(GOLDEN.glob("*/*")):
        if not (case / "input.go").is_file():
            continue
        gomod = case / "go.mod"
        lines = gomod.read_text().split("\n") if gomod.is_file() else []
        words = [line.split() for line in lines if line.strip()]
        if len(words) == 2 and [w[0] for w in words] == ["module", "go"]:
            module = root / f"go{words[1][1]}"
            if not module.is_dir():
                module.mkdir(parents=True)
                (module / "go.mod").write_text(f"module example.com/golden\n\ngo {words[1][1]}\n")
            target = module / case.parent.name / case.name
        else:
            target = root / case.parent.name / case.name
        target.mkdir(parents=True)
        shutil.copy(case / "input.go", target / "input.go")
        if gomod.is_file() and not target.parent.parent.joinpath("go.mod").is_file():
            shutil.copy(gomod, target / "go.mod")
    for written in root.rglob("go.mod"):
        age(written)
    return root


def package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "mod"
    root.mkdir()
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def age(path: Path, seconds: float = 3600) -> None:
    """Move a file's mtime into the past, so the stat shortcut trusts it (see RACY_NS)."""
    then = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(then, then))


def age_tree(root: Path) -> None:
    for path in root.rglob("*.go"):
        age(path)


def options(root: Path, cache_dir: Path | None, **extra) -> Options:
    """Options for the content cache's tests. go/types stays off (unless a test asks): a
    result that read answers is cached only while its dependencies' stamp holds, and a tree
    written a moment ago is too fresh to stamp (typestage.RACY_NS); tests/test_typed_verdicts.py
    covers that cache."""
    extra.setdefault("types", False)
    return Options(paths=[str(root)], fix=False, jobs=1, cache=cache_dir is not None,
                   cache_dir=str(cache_dir) if cache_dir else None, **extra)


def messages(result) -> list[str]:
    return [f"{f.path}:{f.line}:{f.col}: {f.rule}: {f.message} [{f.applicability}]"
            for f in result.findings]


# --- a cached result is the fresh one ----------------------------------------------------------

def test_cached_results_equal_fresh_ones_on_every_golden_input(tmp_path, monkeypatch):
    """check's and diff's results (go/types asked), cold and warm, equal the uncached ones.
    One cache for both: diff's cold run misses every result (its jobs differ from check's)
    and takes check's go/types answers from the cache, so the answers are asked of go once."""
    root = golden_tree(tmp_path)
    age_tree(root)
    monkeypatch.chdir(tmp_path)
    for fix in (False, True):
        kwargs = dict(fix=True, verify=False, unsafe_fixes=True) if fix else dict(fix=False)
        fresh = run(Options(paths=[str(root)], jobs=2, **kwargs))
        cold = run(Options(paths=[str(root)], jobs=2, cache=True, cache_dir=str(tmp_path / "c"),
                           **kwargs))
        warm = run(Options(paths=[str(root)], jobs=2, cache=True, cache_dir=str(tmp_path / "c"),
                           **kwargs))
        assert len(fresh.files) > 20 and fresh.findings
        assert fresh.types.rounds and any(f.types_used for f in fresh.files)
        assert cold.cache_hits == 0 and not cold.cache_note, fix
        assert warm.cache_hits == len(warm.files), warm.cache_note
        if fix:
            assert fresh.changes
        for other in (cold, warm):
            assert other.files == fresh.files, fix
            assert messages(other) == messages(fresh)
            assert [(c.display, c.new) for c in other.changes] == \
                [(c.display, c.new) for c in fresh.changes]


def test_warm_run_does_not_parse(tmp_path, monkeypatch):
    root = package(tmp_path, {"a.go": LOOP})
    age_tree(root)
    run(options(root, tmp_path / "c"))
    from codemod import parsing

    def refuse(src):
        raise AssertionError("a warm run parsed a file")

    monkeypatch.setattr(parsing, "parse", refuse)
    warm = run(options(root, tmp_path / "c"))
    assert warm.cache_hits == 1 and warm.findings


def test_files_with_the_same_short_entry_get_results_of_their_own(tmp_path):
    """Entries of the same bytes ('{"skipped":"no defer"}') are decoded once: each file still
    gets its own result, with its path and lists no other result shares."""
    root = package(tmp_path, {f"{name}.go": "package m\n\nfunc F() {}\n" for name in "abc"})
    age_tree(root)
    cold = run(options(root, tmp_path / "c"))
    warm = run(options(root, tmp_path / "c"))
    assert warm.cache_hits == 3 and warm.files == cold.files
    assert sorted(f.path for f in warm.files) == sorted(str(root / f"{n}.go") for n in "abc")
    assert all(f.skipped for f in warm.files)
    first, second, _ = warm.files
    assert first.notes is not second.notes and first.findings is not second.findings


def test_a_miss_is_filed_under_the_bytes_its_worker_read(tmp_path):
    """The cache's bookkeeping is its own record (cache.Read), made by the worker of a miss
    from the bytes it analysed; a hit, and a run without the cache, carry none."""
    import dataclasses
    import hashlib
    root = package(tmp_path, {"a.go": LOOP})
    age_tree(root)
    [miss] = run(options(root, tmp_path / "c")).files
    info = os.stat(root / "a.go")
    assert miss.read == cache.Read(hashlib.sha256(LOOP.encode()).digest(),
                                   cache.stamp_of(info), miss.read.read_ns)
    assert miss.read.read_ns > info.st_mtime_ns
    hit = run(options(root, tmp_path / "c"))
    assert hit.cache_hits == 1 and hit.files[0].read is None and hit.files == [miss]
    assert run(options(root, None)).files[0].read is None
    assert {"digest", "stamp", "read_ns"}.isdisjoint(
        f.name for f in dataclasses.fields(type(miss)))


def test_fresh_files_are_hashed_again_rather_than_trusted(tmp_path):
    """A file written within RACY_NS of being read may change again within the same
    timestamp tick: its stat is not trusted, the file is hashed, and the result still hits."""
    root = package(tmp_path, {"a.go": LOOP, "b.go": "package p\n"})
    run(options(root, tmp_path / "c"))
    warm = run(options(root, tmp_path / "c"))
    assert warm.cache_hits == 2


# --- what changes a result misses --------------------------------------------------------------

def test_new_content_with_the_same_size_and_mtime_misses(tmp_path):
    root = package(tmp_path, {"a.go": LOOP})
    path = root / "a.go"
    age(path)
    before = os.stat(path)
    first = run(options(root, tmp_path / "c"))
    assert [f.rule for f in first.findings] == ["deferred-lock"]
    path.write_text(LOOP.replace("defer mu.Lock()", "mu.Lock() // no"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    second = run(options(root, tmp_path / "c"))
    assert second.findings == []
    assert second.files == run(options(root, None)).files


def test_editing_another_file_of_the_package_misses(tmp_path):
    """recover-misuse looks at the whole package: whether helper is deferred in b.go decides
    the finding in a.go, so an edit of b.go must invalidate a.go's entry."""
    root = package(tmp_path, {"a.go": HELPER, "b.go": DEFERS_HELPER})
    age_tree(root)
    assert run(options(root, tmp_path / "c")).findings == []
    (root / "b.go").write_text(CALLS_HELPER)
    age(root / "b.go")
    after = run(options(root, tmp_path / "c"))
    assert [f.rule for f in after.findings] == ["recover-misuse"]
    assert after.files == run(options(root, None)).files
    (root / "b.go").unlink()
    assert run(options(root, tmp_path / "c")).files == run(options(root, None)).files


def test_go_mod_version_options_and_rules_are_in_the_key(tmp_path):
    root = package(tmp_path, {"a.go": LOOP})
    age_tree(root)
    c = tmp_path / "c"
    base = run(options(root, c))
    assert run(options(root, c)).cache_hits == 1
    for changed in (options(root, c, go_version=(1, 21)),
                    options(root, c, select=["deferred-lock"]),
                    Options(paths=[str(root)], fix=True, verify=False, unsafe_fixes=True,
                            jobs=1, cache=True, cache_dir=str(c))):
        assert run(changed).cache_hits == 0
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.21\n")
    from codemod import goversion
    goversion.find_module.cache_clear()
    assert run(options(root, c)).cache_hits == 0
    assert base.files  # the first run is untouched by all of this


def test_working_directory_is_in_the_key(tmp_path, monkeypatch):
    root = package(tmp_path, {"a.go": LOOP})
    age_tree(root)
    monkeypatch.chdir(tmp_path)
    first = run(options(root, tmp_path / "c"))
    monkeypatch.chdir(root)
    second = run(options(root, tmp_path / "c"))
    assert [f.path for f in first.findings] == ["mod/a.go"]
    assert [f.path for f in second.findings] == ["a.go"]


def test_an_edited_rule_module_changes_the_fingerprint(tmp_path, monkeypatch):
    rule = tmp_path / "rules" / "my_rule.py"
    rule.parent.mkdir()
    rule.write_text("MESSAGE = 'one'\n")
    monkeypatch.syspath_prepend(str(rule.parent))
    before = cache.tool_fingerprint(["my_rule"])
    cache._fingerprints.clear()
    rule.write_text("MESSAGE = 'two'\n")
    assert cache.tool_fingerprint(["my_rule"]) != before
    cache._fingerprints.clear()


def test_the_fingerprint_covers_the_engine_and_the_rules():
    root = os.path.dirname(cache.__file__)
    names = {os.path.relpath(p, root) for p in cache._package_files("codemod")}
    assert {"analyze.py", "cache.py", os.path.join("analysis", "scopes.py")} <= names
    assert "defer_in_loop.py" in {os.path.basename(p) for p in cache._package_files("transforms")}


def test_job_fingerprint_ignores_set_order_and_the_path():
    from codemod.analyze import Job
    a = Job(path="/a.go", transforms=("x",), apply=frozenset({"safe", "unsafe"}))
    b = Job(path="/b.go", transforms=("x",), apply=frozenset({"unsafe", "safe"}))
    c = Job(path="/a.go", transforms=("x",), apply=frozenset({"safe"}))
    assert cache.job_fingerprint(a) == cache.job_fingerprint(b) != cache.job_fingerprint(c)


# --- a cache that cannot be used does not fail the run -----------------------------------------

def test_cache_dir_that_cannot_be_created(tmp_path):
    root = package(tmp_path, {"a.go": LOOP})
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run(options(root, blocker / "cache"))
    assert result.cache_note.startswith("cache off: cannot open")
    assert result.files == run(options(root, None)).files


def test_a_file_that_is_not_a_database_is_rebuilt(tmp_path, monkeypatch):
    """Garbage, or another program's SQLite tables, where the cache should be: the file is
    built anew (said under -v) and the cache works from then on. Until issue 12 it was
    switched off, run after run."""
    root = package(tmp_path, {"a.go": LOOP})
    (tmp_path / "c").mkdir()
    path = Path(cache.db_path(str(tmp_path / "c")))
    path.write_bytes(b"this is not sqlite" * 100)
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path / "c"))
    first = CliRunner().invoke(main, ["check", "-v", "--no-types", str(root)])
    assert first.exit_code == 1 and "deferred-lock" in first.stdout
    assert f"deferfix: cache rebuilt: {path} was not a deferfix cache (file is not a " \
           f"database); built anew" in first.stderr
    assert "Traceback" not in first.stderr
    second = CliRunner().invoke(main, ["check", "-v", "--no-types", str(root)])
    assert second.stdout == first.stdout and "cache rebuilt" not in second.stderr
    assert "cache: 1 of 1 file(s) unchanged" in second.stderr
    path.unlink()
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE results (key BLOB PRIMARY KEY, data BLOB)")
    other.commit()
    other.close()
    result = run(options(root, tmp_path / "c"))
    assert result.cache_note.startswith("cache rebuilt:") and "table results" in result.cache_note
    assert result.files == run(options(root, None)).files
    assert run(options(root, tmp_path / "c")).cache_hits == 1


def _rewrite_rows(cache_dir: Path, data: bytes, table: str = "results",
                  column: str = "data") -> int:
    db = sqlite3.connect(cache.db_path(str(cache_dir)))
    count = db.execute(f"UPDATE {table} SET {column} = ?", (data,)).rowcount
    db.commit()
    db.close()
    return count


class _RunsCommand:
    """What a pickle-based cache would have run on reading: os.system(command)."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def test_a_crafted_row_runs_nothing(tmp_path):
    """A row holding a pickle that runs a command when loaded (anyone who can write the cache
    directory can make one): it is not JSON, so it is a miss; the command never runs."""
    import pickle
    import subprocess
    root = package(tmp_path, {"a.go": LOOP, "b.go": "package p\n"})
    age_tree(root)
    env = {**os.environ, "DEFERFIX_CACHE_DIR": str(tmp_path / "c")}

    def check() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "codemod.cli", "check", "-v", "--no-types", "."],
                              cwd=root, env=env, capture_output=True, text=True, timeout=120)

    first = check()
    assert first.returncode == 1
    marker = tmp_path / "ran"
    payload = pickle.dumps(_RunsCommand(f"touch {marker}"))
    assert _rewrite_rows(tmp_path / "c", payload) == 2
    second = check()
    assert not marker.exists()
    assert (second.returncode, second.stdout) == (1, first.stdout)
    assert "cache: 2 entries not valid, computed afresh" in second.stderr
    assert "Traceback" not in second.stderr
    third = check()                      # the fresh results replaced the crafted rows
    assert "cache: 2 of 2 file(s) unchanged" in third.stderr and third.stdout == first.stdout
    assert not marker.exists()


@pytest.mark.parametrize("data", [
    b'{"findings": 1}', b'[]', b'null', b'"text"', b'{"passes": true}',
    b'{"findings": [{"rule": "x"}]}', b'{"path": "/etc/passwd", "skipped": "no defer"}',
    b'{"go_version": [1]}', b'{"new": "\\ud800", "original": "a"}', b'{"new": "only new"}',
    b'[' * 100_000, b'\xff\xfe', b'{"findings": [{"rule": "r", "path": "elsewhere.go", '
    b'"line": 1, "col": 1, "message": "m"}]}',
], ids=lambda data: data[:30].decode("latin-1"))
def test_a_json_row_of_the_wrong_shape_is_a_miss(tmp_path, data):
    root = package(tmp_path, {"a.go": LOOP})
    age_tree(root)
    fresh = run(options(root, None))
    run(options(root, tmp_path / "c"))
    assert _rewrite_rows(tmp_path / "c", data) == 1
    result = run(options(root, tmp_path / "c"))
    assert result.cache_hits == 0
    assert result.cache_note == "cache: 1 entry not valid, computed afresh"
    assert result.files == fresh.files
    assert run(options(root, tmp_path / "c")).cache_hits == 1


@pytest.mark.parametrize("column, value", [("digest", "text"), ("digest", b"short"),
                                           ("read_ns", None), ("read_ns", "x"),
                                           ("size", b"\0")])
def test_a_crafted_index_row_is_ignored(tmp_path, column, value):
    root = package(tmp_path, {"a.go": LOOP})
    age_tree(root)
    run(options(root, tmp_path / "c"))
    assert _rewrite_rows(tmp_path / "c", value, table="files", column=column) == 1
    result = run(options(root, tmp_path / "c"))
    assert not result.cache_note.startswith("cache off")
    assert result.files == run(options(root, None)).files


def test_read_only_cache_file(tmp_path):
    """A cache that opens but refuses writes (here: a second connection holds the write
    lock for longer than the busy timeout) leaves the run's results alone."""
    root = package(tmp_path, {"a.go": LOOP})
    c = tmp_path / "c"
    run(options(root, c))
    (root / "a.go").write_text(LOOP + "\n// changed\n")
    blocker = sqlite3.connect(cache.db_path(str(c)), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        result = run(options(root, c))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.cache_note.startswith("cache off")
    assert result.files == run(options(root, None)).files


# --- the command line --------------------------------------------------------------------------

def test_cli_no_cache_and_clear(tmp_path, monkeypatch):
    root = package(tmp_path, {"a.go": LOOP})
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path / "c"))
    runner = CliRunner()
    first = runner.invoke(main, ["check", "--no-types", "--no-cache", str(root)])
    assert first.exit_code == 1
    assert not os.path.exists(cache.db_path())
    second = runner.invoke(main, ["check", "--no-types", str(root)])
    third = runner.invoke(main, ["check", "--no-types", "-v", str(root)])
    assert first.stdout == second.stdout == third.stdout
    assert "cache: 1 of 1 file(s) unchanged" in third.stderr
    info = runner.invoke(main, ["cache", "info"])
    assert "entries: 1" in info.stdout and str(tmp_path / "c") in info.stdout
    cleared = runner.invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed" in cleared.stdout
    assert not os.path.exists(cache.db_path())


def test_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("DEFERFIX_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform not in ("win32", "darwin"):
        assert cache.cache_dir() == str(tmp_path / "deferfix")


def test_old_and_surplus_entries_are_dropped(tmp_path, monkeypatch):
    root = package(tmp_path, {"a.go": LOOP, "b.go": LOOP.replace("func F", "func G")})
    c = tmp_path / "c"
    run(options(root, c))
    db = sqlite3.connect(cache.db_path(str(c)))
    db.execute("UPDATE results SET used = used - 1000")
    db.commit()
    db.close()
    monkeypatch.setattr(cache, "MAX_ENTRIES", 1)
    (root / "a.go").write_text(LOOP + "\n")
    (root / "b.go").write_text(LOOP.replace("func F", "func G") + "\n")
    run(options(root, c))
    db = sqlite3.connect(cache.db_path(str(c)))
    assert db.execute("SELECT count(*) FROM results").fetchone()[0] == 1
    db.close()
