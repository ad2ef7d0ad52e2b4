"""Faults while running (issue 12, part B): code nested deeper than a recursive walk can go,
a rule that raises, a traceback that escapes, signals to a running check or apply, and the
toolchain only partly there. Every test runs the real CLI in a process over real files."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_engine import module

SOURCE_ROOT = Path(__file__).resolve().parent.parent


def deferfix(*args: str, cwd: Path, env: dict | None = None, timeout: float = 600,
             **kwargs) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": f"{SOURCE_ROOT}{os.pathsep}{SOURCE_ROOT / 'tests'}",
                **(env or {})}
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run([sys.executable, "-m", "codemod.cli", *args, "--no-cache"], cwd=cwd,
                          text=True, timeout=timeout, env=full_env, **streams)


LOOP = """for _, name := range names {
f, err := os.Open(name)
if err != nil {
return
}
defer f.Close()
}
"""


def nested(package: str, opening: str, closing: str, depth: int) -> str:
    """A function whose loop with a defer sits `depth` levels deep."""
    return (f"package {package}\n\nimport \"os\"\n\nfunc Deep(names []string, n int) {{\n"
            + opening * depth + LOOP + closing * depth + "}\n")


def defer_line(text: str) -> int:
    return text[:text.index("defer f.Close()")].count("\n") + 1


# --- 1. deep nesting ----------------------------------------------------------------------

def test_deep_nesting_is_analysed_next_to_a_finding_in_another_file(tmp_path):
    ifs = nested("ifs", "if n > 0 {\n", "}\n", 200)
    blocks = nested("blocks", "{\n", "}\n", 500)
    flat = nested("flat", "", "", 0)
    root = module(tmp_path, {"ifs/ifs.go": ifs, "blocks/blocks.go": blocks,
                             "flat/flat.go": flat})
    vet = subprocess.run(["go", "vet", "./..."], cwd=root, capture_output=True, text=True)
    assert vet.returncode == 0, vet.stderr   # Go accepts both depths
    proc = deferfix("check", ".", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr
    findings = re.findall(r"^(\S+):(\d+):\d+: (\S+): (.*?) \[fix: (\w+)\]$", proc.stdout, re.M)
    assert [(path, int(line)) for path, line, *_ in findings] == [
        ("blocks/blocks.go", defer_line(blocks)), ("flat/flat.go", defer_line(flat)),
        ("ifs/ifs.go", defer_line(ifs))]
    # Analysed as the flat copy is: the same rule, message and fix.
    assert len({tuple(rest) for _, _, *rest in findings}) == 1


# --- 2 and 3. a rule that raises, and internal errors ---------------------------------------

RULES_ENV = "DEFERFIX_TEST_RULES"   # codemod/registry.py's test hook

LOCK_BUG = """package p

import "sync"

var mu sync.Mutex

func F() {
	mu.Lock()
	defer mu.Lock()
}
"""


def test_a_rule_that_raises_costs_that_rule_on_that_file_only(tmp_path):
    raising = LOCK_BUG.replace("func F", "// deferfix-test: raise\nfunc F")
    root = module(tmp_path, {"a/a.go": raising, "b/b.go": LOCK_BUG})
    proc = deferfix("check", ".", cwd=root, env={RULES_ENV: "engine_rules:raiser"})
    assert proc.returncode == 2, proc.stderr
    # Every other finding is there: the real rule on both files, the raiser on b.go.
    assert re.findall(r"^(\S+): (\S+):", proc.stdout, re.M) == [
        ("a/a.go:10:2", "deferred-lock"), ("b/b.go:9:2", "deferred-lock"),
        ("b/b.go:9:2", "raiser")]
    errors = [line for line in proc.stderr.splitlines() if "internal error" in line]
    assert errors == ["deferfix: a/a.go: internal error in rule raiser: KeyError: 'no such "
                      "key'; its findings for this file are left out"]
    assert "Traceback" not in proc.stderr
    verbose = deferfix("check", "-v", ".", cwd=root, env={RULES_ENV: "engine_rules:raiser"})
    assert verbose.returncode == 2
    assert "Traceback (most recent call last):" in verbose.stderr
    assert 'in _raising\n    {}["no such key"]' in verbose.stderr


def test_a_rule_that_raises_in_a_worker_process(tmp_path):
    """The same through the process pool (64 files or more, two workers)."""
    files = {f"p{i}/f{j}.go": LOCK_BUG.replace("package p", f"package p{i}")
             for i in range(8) for j in range(10)}
    files["p3/f5.go"] = files["p3/f5.go"].replace("func F", "// deferfix-test: raise\nfunc F")
    root = module(tmp_path, files)
    proc = deferfix("check", "-j", "2", ".", cwd=root, env={RULES_ENV: "engine_rules:raiser"})
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout.count(": deferred-lock:") == 80 and proc.stdout.count(": raiser:") == 79
    assert [line.split(": internal error")[0] for line in proc.stderr.splitlines()
            if "internal error" in line] == ["deferfix: p3/f5.go"]


def test_an_exception_outside_the_rules_costs_the_file_and_exits_2(tmp_path):
    """A fix the engine cannot apply (an edit past the end): that file's result is lost,
    the other file is reported and fixed, exit 2 (an error), never 1."""
    broken = LOCK_BUG.replace("func F", "// deferfix-test: raise\nfunc F")
    root = module(tmp_path, {"a/a.go": broken, "b/b.go": LOCK_BUG})
    proc = deferfix("diff", ".", cwd=root, env={RULES_ENV: "engine_rules:bad_edit"})
    assert proc.returncode == 2, proc.stderr
    assert "+++ b/b/b.go" in proc.stdout and "a/a.go" not in proc.stdout
    assert [line for line in proc.stderr.splitlines() if "internal error" in line] == [
        f"deferfix: a/a.go: internal error: ValueError: overlapping or out-of-range edit "
        f"{len(broken) + 10}..{len(broken) + 10}; the file's results are left out"]
    assert "Traceback" not in proc.stderr


def test_a_traceback_that_escapes_the_run_is_one_line_and_exit_2(tmp_path):
    """A finding the json output cannot render (bytes for a message): in the main process,
    after the analysis."""
    root = module(tmp_path, {"a.go": LOCK_BUG})
    env = {RULES_ENV: "engine_rules:bytes_message"}
    proc = deferfix("check", "--format", "json", ".", cwd=root, env=env)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "deferfix: writing the json output: internal error: TypeError: Object of type bytes "
        "is not JSON serializable (-v shows the traceback)"]
    verbose = deferfix("check", "--format", "json", "-v", ".", cwd=root, env=env)
    assert verbose.returncode == 2 and "Traceback (most recent call last):" in verbose.stderr


# --- 4. signals to a running check: no process left behind -----------------------------------

GOROOT_SRC = Path(subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True,
                                 check=True).stdout.strip()) / "src"


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process, from /proc."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    found[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    return found


def descendants(pid: int) -> set[int]:
    parents = _parents()
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        children = {child for child, of in parents.items() if of == parent} - found
        found |= children
        todo.extend(children)
    return found


def running(pid: int) -> bool:
    """The process exists and is not a zombie (dead, waiting for a parent to reap it)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def default_sigint() -> None:
    """In the child, before exec: SIGINT at its default, as a terminal starts a command.
    A test suite run from a background job (`pytest … &` in a script, cron) has SIGINT
    ignored, the children inherit that, and deferfix rightly leaves an ignored signal
    ignored: the Ctrl-C tests would wait for a run that never stops."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(*args: str, cwd: Path, env: dict | None = None) -> subprocess.Popen:
    """A real deferfix in a process of its own (stderr to a file: a pipe held open by a
    process left behind would block the test)."""
    full_env = {**os.environ, "PYTHONPATH": f"{SOURCE_ROOT}{os.pathsep}{SOURCE_ROOT / 'tests'}",
                **(env or {})}
    stderr = open(cwd / "deferfix.stderr", "wb")
    return subprocess.Popen([sys.executable, "-m", "codemod.cli", *args, "--no-cache"],
                            cwd=cwd, env=full_env, stdout=subprocess.DEVNULL, stderr=stderr,
                            start_new_session=True, preexec_fn=default_sigint)


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def group(pgid: int) -> set[int]:
    found = set()
    for pid in _parents():
        try:
            if os.getpgid(pid) == pgid:
                found.add(pid)
        except OSError:
            pass
    return found


def left_behind(proc: subprocess.Popen, seen: set[int], timeout: float = 10) -> list[str]:
    """The processes of `seen` and of the run's process group still running `timeout`
    seconds from now (or sooner); the test kills them, so that a failing run leaves nothing
    either."""
    deadline = time.monotonic() + timeout
    seen = seen | group(proc.pid)
    while any(running(pid) for pid in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [f"{pid}: {cmdline(pid)}" for pid in seen if running(pid)]
    for pid in seen:
        if running(pid):
            os.kill(pid, signal.SIGKILL)
    return survivors


def test_sigterm_to_a_running_check_leaves_no_worker(tmp_path):
    cpus = len(os.sched_getaffinity(0))
    if cpus < 2:
        pytest.skip("one CPU: check runs without worker processes")
    proc = start("check", "--jobs", "1000", str(GOROOT_SRC), cwd=tmp_path)
    try:
        wait_for(lambda: len(descendants(proc.pid)) >= 2 or proc.poll() is not None,
                 "the workers")
        time.sleep(1)   # well into the analysis (several seconds more over GOROOT/src)
        assert proc.poll() is None, "the check ended before the signal"
        workers = descendants(proc.pid)
        assert 2 <= len(workers) <= cpus, "--jobs is capped to the CPU count"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        proc.kill()
    assert left_behind(proc, workers) == []
    stderr = (tmp_path / "deferfix.stderr").read_text()
    assert stderr.strip().splitlines()[-1] == "deferfix: interrupted by SIGTERM"
    assert "Traceback" not in stderr


def test_sigkill_of_check_leaves_no_worker(tmp_path):
    """Nothing runs in the parent after SIGKILL: the workers die by the kernel's
    parent-death signal."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one CPU: check runs without worker processes")
    proc = start("check", str(GOROOT_SRC), cwd=tmp_path)
    try:
        wait_for(lambda: len(descendants(proc.pid)) >= 2 or proc.poll() is not None,
                 "the workers")
        time.sleep(1)
        assert proc.poll() is None, "the check ended before the signal"
        workers = descendants(proc.pid)
    finally:
        proc.kill()
    proc.wait(timeout=30)
    assert left_behind(proc, workers) == []


def test_sigterm_during_verification_leaves_no_go_process(tmp_path):
    """go vet and what it starts (compile, vet tools) run in a process group of their own,
    killed as a whole when deferfix is interrupted."""
    files = {f"p{i}/a.go": LOCK_BUG.replace("package p", f"package p{i}") for i in range(60)}
    root = module(tmp_path, files)
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = start("diff", ".", cwd=root, env={"GOCACHE": str(tmp_path / "gocache"),
                                             "TMPDIR": str(temp)})
    seen: set[int] = set()

    def vetting() -> bool:
        seen.update(descendants(proc.pid))
        return any(" vet " in cmdline(pid) for pid in seen) or proc.poll() is not None
    try:
        wait_for(vetting, "go vet")   # a cold GOCACHE: go vet builds for seconds
        time.sleep(0.5)
        seen.update(descendants(proc.pid))
        assert proc.poll() is None, "the diff ended before the signal"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        proc.kill()
    assert left_behind(proc, seen) == []
    assert list(temp.iterdir()) == []   # the overlay files went with their directory


# --- 5. Ctrl-C during apply ------------------------------------------------------------------

LOCK_FIXED = LOCK_BUG.replace("defer mu.Lock()", "defer mu.Unlock()")
WRITE_PAUSE_ENV = "DEFERFIX_TEST_WRITE_PAUSE"   # codemod/writer.py's test hook


def temporary_files(root: Path) -> list[Path]:
    return sorted(root.rglob(".deferfix-*.tmp"))


def test_sigint_between_writes_of_apply(tmp_path):
    root = module(tmp_path, {f"{name}/{name}.go": LOCK_BUG.replace("package p", f"package {name}")
                             for name in ("a", "b", "c")})
    proc = start("apply", ".", cwd=root, env={WRITE_PAUSE_ENV: "60"})
    first = root / "a" / "a.go"
    try:
        wait_for(lambda: first.read_text() != LOCK_BUG.replace("package p", "package a")
                 or proc.poll() is not None, "the first write")
        os.killpg(proc.pid, signal.SIGINT)   # Ctrl-C: the terminal signals the group
        assert proc.wait(timeout=30) == 130
    finally:
        proc.kill()
    assert first.read_text() == LOCK_FIXED.replace("package p", "package a")
    for name in ("b", "c"):   # old, not half written
        assert (root / name / f"{name}.go").read_text() == LOCK_BUG.replace("package p",
                                                                         f"package {name}")
    assert temporary_files(root) == []
    stderr = (root / "deferfix.stderr").read_text().strip().splitlines()
    assert stderr == ["fixed a/a.go (1 fix)", "deferfix: interrupted by SIGINT: 1 of 3 "
                      "file(s) written, the others left as they were"]


def test_sigint_before_apply_writes_anything(tmp_path):
    files = {f"p{i}/a.go": LOCK_BUG.replace("package p", f"package p{i}") for i in range(30)}
    root = module(tmp_path, files)
    proc = start("apply", ".", cwd=root, env={"GOCACHE": str(tmp_path / "gocache")})
    seen: set[int] = set()

    def vetting() -> bool:
        seen.update(descendants(proc.pid))
        return any(" vet " in cmdline(pid) for pid in seen) or proc.poll() is not None
    try:
        wait_for(vetting, "go vet")
        os.killpg(proc.pid, signal.SIGINT)   # Ctrl-C: the terminal signals the group
        assert proc.wait(timeout=30) == 130
    finally:
        proc.kill()
    assert left_behind(proc, seen) == []
    assert all((root / name).read_text() == text for name, text in files.items())
    assert temporary_files(root) == []
    assert (root / "deferfix.stderr").read_text().strip().splitlines()[-1] == \
        "deferfix: interrupted by SIGINT; no file was written"


# --- 6. the toolchain only partly there --------------------------------------------------------

def test_no_verify_needs_only_gofmt(tmp_path):
    only_gofmt = tmp_path / "bin"
    only_gofmt.mkdir()
    (only_gofmt / "gofmt").symlink_to(shutil.which("gofmt"))
    root = module(tmp_path, {"a.go": LOCK_BUG})
    env = {"PATH": str(only_gofmt)}
    diff = deferfix("diff", "--no-verify", ".", cwd=root, env=env)
    assert diff.returncode == 1, diff.stderr
    assert "+\tdefer mu.Unlock()" in diff.stdout
    assert "1 unverified (gofmt only: go vet did not check it)" in diff.stderr
    refused = deferfix("diff", ".", cwd=root, env=env)
    assert refused.returncode == 2
    assert refused.stderr.strip() == \
        "deferfix: go not found on PATH; install Go or pass --no-verify"
    applied = deferfix("apply", "--no-verify", ".", cwd=root, env=env)
    assert applied.returncode == 0, applied.stderr
    assert (root / "a.go").read_text() == LOCK_FIXED


def test_without_gofmt_diff_and_apply_stop_before_any_work(tmp_path):
    """No fix can be shown or written unchecked: one line and exit 2 at once, also for a
    tree with nothing to fix (it said 0 before: the tools were looked for only when a fix
    was there to verify). check needs no tool."""
    nothing = tmp_path / "bin"
    nothing.mkdir()
    root = module(tmp_path, {"a/a.go": LOCK_BUG, "b/b.go": LOCK_FIXED})
    env = {"PATH": str(nothing)}
    line = ("deferfix: gofmt not found on PATH; install Go (gofmt checks every fix, also "
            "with --no-verify; check needs neither)")
    for command in (["diff", "--no-verify", "b"], ["apply", "--no-verify", "."],
                    ["diff", "b"]):
        proc = deferfix(*command, cwd=root, env=env)
        wanted = line if "--no-verify" in command else \
            "deferfix: go not found on PATH; install Go or pass --no-verify"
        assert (proc.returncode, proc.stderr.strip(), proc.stdout) == (2, wanted, ""), command
    assert (root / "a" / "a.go").read_text() == LOCK_BUG
    check = deferfix("check", ".", cwd=root, env=env)
    assert check.returncode == 1 and "a/a.go:9:2: deferred-lock:" in check.stdout


def test_a_worker_that_dies_costs_only_the_file_it_was_on(tmp_path):
    """SIGKILL to a worker (what the out-of-memory killer sends) breaks the pool: the tasks
    it took with it are done again, and the file that kills its worker again costs only its
    own result."""
    files = {f"p{i}/f{j}.go": LOCK_BUG.replace("package p", f"package p{i}")
             for i in range(8) for j in range(10)}
    files["p3/f5.go"] = files["p3/f5.go"].replace("func F", "// deferfix-test: kill the "
                                                  "worker\nfunc F")
    root = module(tmp_path, files)
    proc = deferfix("check", "-j", "2", ".", cwd=root, env={RULES_ENV: "engine_rules:killer"})
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout.count(": deferred-lock:") == 79 and "p3/f5.go" not in proc.stdout
    assert [line for line in proc.stderr.splitlines() if "internal error" in line] == [
        "deferfix: p3/f5.go: internal error: the worker process analysing it died (killed, "
        "or out of memory); the file's results are left out"]


def test_sigint_at_the_interactive_prompt_writes_nothing(tmp_path):
    """Ctrl-C at apply -i's second question: the run stops, the fix accepted at the first
    is not written either (it was taken as [q]uit, which writes what was accepted)."""
    import pty
    import select
    files = {f"{name}/{name}.go": LOCK_BUG.replace("package p", f"package {name}")
             for name in ("a", "b")}
    root = module(tmp_path, files)
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(SOURCE_ROOT), "TERM": "dumb"}
    proc = subprocess.Popen([sys.executable, "-m", "codemod.cli", "apply", "-i", "--no-cache",
                             "."], cwd=root, stdin=slave, stdout=slave, stderr=slave, env=env,
                            preexec_fn=default_sigint)
    os.close(slave)
    screen, prompts = b"", 0
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if not select.select([master], [], [], 0.2)[0]:
                continue
            try:
                screen += os.read(master, 65536)
            except OSError:
                break
            if screen.count(b"[q]uit") > prompts:
                prompts += 1
                if prompts == 1:
                    os.write(master, b"y\r")
                else:
                    proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130, screen.decode(errors="replace")
    finally:
        proc.kill()
        os.close(master)
    assert prompts == 2
    assert all((root / name).read_text() == text for name, text in files.items())
    assert b"deferfix: interrupted by SIGINT; no file was written" in screen


# --- faults beyond the issue --------------------------------------------------------------------

def test_a_closed_or_full_stdout_is_one_line_and_exit_2(tmp_path):
    """`deferfix check >&-` and `deferfix diff >/dev/full`: the system's answer, not an
    internal error; a closed stderr loses only the messages (the exit code stays)."""
    root = module(tmp_path, {"a.go": LOCK_BUG})
    closed = deferfix("check", ".", cwd=root, stdout=subprocess.DEVNULL,
                      preexec_fn=lambda: os.close(1))
    assert (closed.returncode, closed.stderr.strip()) == \
        (2, "deferfix: cannot write the output: standard output is closed")
    with open("/dev/full", "w") as full:
        proc = deferfix("diff", ".", cwd=root, stdout=full)
    assert (proc.returncode, proc.stderr.strip()) == \
        (2, "deferfix: writing the text output: No space left on device")
    quiet = deferfix("check", ".", cwd=root, stderr=subprocess.DEVNULL,
                     preexec_fn=lambda: os.close(2))
    assert quiet.returncode == 1 and "a.go:9:2: deferred-lock:" in quiet.stdout


def test_a_tool_that_does_not_finish_is_killed_with_what_it_started(tmp_path):
    """go vet stuck (half an hour): its whole process group is killed, and the run says so
    (the fix is then checked with gofmt only) instead of a TimeoutExpired traceback."""
    from codemod.verify import run_tool
    marker = tmp_path / "started"
    proc = run_tool(["sh", "-c", f"sleep 300 & echo $! > {marker}; wait"], timeout=1)
    assert proc.returncode < 0
    assert proc.stderr.decode().strip().endswith("did not finish in 1 s")
    assert left_behind_pid(int(marker.read_text())) is False


def left_behind_pid(pid: int, timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return running(pid)
