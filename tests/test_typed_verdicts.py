"""Verdicts that rest on go/types, with the real toolchain: the types stage of the engine
(codemod/typestage.py: ask only where a verdict needs it, batched per module, answers in the
result cache's key), and each rule's typed answer next to its syntactic fallback
(--no-types, a package that does not type-check, a file excluded by build tags, stdin).

Every module here is a real one on disk, checked by the real `go` through the helper; the
helper is built once per session into a session cache directory.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod import cache as result_cache
from codemod.cli import main
from codemod.runner import Options, run
from test_gotypes import module

# Every test here runs the Go toolchain (`pytest --no-go` skips them).
pytestmark = pytest.mark.go


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("typed-cache"))


@pytest.fixture(autouse=True)
def _own_cache(cache_dir, monkeypatch):
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", cache_dir)


def age(root: Path) -> None:
    """Move every file's mtime an hour back, so that stamps are trusted (typestage.RACY_NS)."""
    then = time.time_ns() - 3600 * 10**9
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(then, then))


def check(*args: str, stdin: bytes | None = None) -> list[dict]:
    """`deferfix check --format json` (fixes computed, not verified): its findings."""
    got = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", "1", *args],
                             input=stdin)
    if got.exception and not isinstance(got.exception, SystemExit):
        raise got.exception
    assert got.exit_code in (0, 1), got.output
    return json.loads(got.stdout)["findings"]


def verdicts(findings: list[dict], rule: str | None = None) -> list[tuple[int, str, str]]:
    return [(f["line"], f["fix"]["applicability"] if f["fix"] else "none",
             f["fix"]["reason"] if f["fix"] else "")
            for f in findings if rule is None or f["rule"] == rule]


def levels(findings: list[dict], rule: str | None = None) -> list[tuple[int, str]]:
    return [(line, level) for line, level, _ in verdicts(findings, rule)]


# --- the engine -----------------------------------------------------------------------------

ONE_STRING = """package p

import (
	"fmt"
	"strings"
)

func F(n int) {
	text := strings.Repeat("x", n)
	defer func() { fmt.Println(len(text)) }()
}
"""

NOTHING_TO_ASK = """package p

import "os"

func G(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return nil
}
"""


def test_only_the_files_whose_verdicts_ask_are_analysed_again(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING, "p/b.go": NOTHING_TO_ASK,
                                   "q/c.go": NOTHING_TO_ASK.replace("package p", "package q")})
    result = run(Options(paths=[str(root)], fix=False, jobs=1, select=["closure-retains"]))
    report = result.types
    assert (report.files, report.rounds, report.reanalysed, report.processes) == (1, 1, 1, 1)
    assert report.packages_checked + report.packages_cached == 1
    assert report.questions == 2          # what len is, and what text is
    assert [(f.line, f.fix.applicability.value) for f in result.findings] == [(10, "safe")]
    assert result.timings["types"] == report.seconds > 0
    assert any(note.startswith("types: 1 file(s) asked 2 question(s)")
               for _, note in result.notes)


def test_no_types_and_types_false_ask_nothing(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING})
    off = run(Options(paths=[str(root)], fix=False, jobs=1, types=False))
    assert off.types.rounds == 0 and off.types.processes == 0
    (finding,) = off.findings
    assert finding.fix.applicability.value == "unsafe"
    assert "types were not available: they are off" in finding.fix.reason
    (root / ".deferfix.toml").write_text("types = false\n")
    configured = run(Options(paths=[str(root)], fix=False, jobs=1))
    assert configured.types.rounds == 0
    assert [f.fix.reason for f in configured.findings] == [finding.fix.reason]
    assert levels(check("--no-cache", str(root / "p"))) == [(10, "unsafe")]
    (root / ".deferfix.toml").write_text("types = true\n")
    assert levels(check("--no-cache", str(root / "p"))) == [(10, "safe")]
    assert levels(check("--no-cache", "--no-types", str(root / "p"))) == [(10, "unsafe")]


def test_a_bad_types_value_in_the_config_stops_the_run(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING, ".deferfix.toml": 'types = "no"\n'})
    got = CliRunner().invoke(main, ["check", str(root)])
    assert got.exit_code == 2
    assert "types: want true or false" in got.output


def test_stdin_is_typed_with_the_text_from_memory(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING.replace(
        'strings.Repeat("x", n)', 'strings.Fields(strings.Repeat("x ", n))')})
    # On disk text is a []string; the text given on stdin makes it a string.
    path = str(root / "p" / "a.go")
    assert levels(check("--no-cache", str(root / "p"))) == [(10, "safe")]
    findings = check("-", "--stdin-filename", path, stdin=ONE_STRING.encode())
    assert [f["message"] for f in findings] == [
        "deferred closure keeps string text alive until the function returns only to read "
        "len(text)"]
    # A new file of the package, only on stdin.
    findings = check("-", "--stdin-filename", str(root / "p" / "new.go"),
                     stdin=ONE_STRING.replace("func F(", "func H(").encode())
    assert levels(findings) == [(10, "safe")]
    # Without a file name the text is in no package: the fallback, and the why-line says so.
    ((_, level, why),) = verdicts(check("-", stdin=ONE_STRING.encode()))
    assert level == "unsafe" and "the text read from stdin is in no package" in why


def test_a_package_that_does_not_type_check_falls_back(tmp_path):
    broken = ONE_STRING + "\nfunc Broken() int { return \"no\" }\n"
    root = module(tmp_path / "m", {"p/a.go": broken})
    ((_, level, why),) = verdicts(check("--no-cache", str(root)))
    # The type error is in a body that holds no question: it changes no answer.
    assert level == "safe"
    root2 = module(tmp_path / "m2", {"p/a.go": ONE_STRING.replace(
        'strings.Repeat("x", n)', 'strings.Repeat("x", n) + undefined')})
    ((_, level, why),) = verdicts(check("--no-cache", str(root2)))
    assert level == "unsafe"
    assert "types were not available: the package example.com/m/p does not type-check" in why


def test_a_file_excluded_by_build_tags_falls_back(tmp_path):
    other = "windows" if os.name != "nt" else "linux"
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING,
                                   "p/w.go": f"//go:build {other}\n\n" +
                                   ONE_STRING.replace("func F(", "func W(")})
    found = {f["path"].rsplit("/", 1)[-1]: f for f in check("--no-cache", str(root))}
    assert found["a.go"]["fix"]["applicability"] == "safe"
    w = found["w.go"]["fix"]
    assert w["applicability"] == "unsafe"
    assert "types were not available" in w["reason"] and "build constraints" in w["reason"]


def test_the_result_cache_follows_what_the_answers_depend_on(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path / "cache"))
    root = module(tmp_path / "m", {
        "q/q.go": "package q\n\nfunc Make() string { return \"abc\" }\n",
        "p/p.go": "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/m/q\"\n)\n\n"
                  "func F() {\n\ttext := q.Make()\n\tdefer func() { fmt.Println(len(text)) }()\n}\n"})
    age(root)

    def once():
        return run(Options(paths=[str(root / "p")], fix=False, jobs=1, cache=True,
                           cache_dir=str(tmp_path / "cache")))
    cold = once()
    assert [(f.line, f.fix.applicability.value) for f in cold.findings] == [(11, "safe")]
    (cold_file,) = cold.files
    assert cold_file.types_used and cold_file.types_stamp
    assert str(root / "q") in cold_file.types_watch and str(root) in cold_file.types_watch
    warm = once()
    assert warm.cache_hits == 1 and warm.types.rounds == 0
    # p's directory is unchanged, but the package it imports now returns a map.
    (root / "q/q.go").write_text("package q\n\nfunc Make() map[string]int { return nil }\n")
    age(root)
    changed = once()
    assert changed.cache_hits == 0 and changed.types.rounds == 1 and not changed.findings
    # go.mod is watched too: a new go line is another package key.
    again = once()
    assert again.cache_hits == 1
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.23\n")
    age(root)
    assert once().cache_hits == 0


def test_the_result_cache_follows_the_programs_on_path_not_its_spelling(tmp_path, monkeypatch):
    """A hook, an editor and a shell order PATH their own way: while go and the C compilers
    it finds are the same files, typed results stay valid; another gcc first on PATH (cgo
    runs it) is another environment."""
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path / "cache"))
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING})
    age(root)

    def once():
        return run(Options(paths=[str(root / "p")], fix=False, jobs=1, cache=True,
                           cache_dir=str(tmp_path / "cache")))
    assert once().types.rounds == 1
    empty, linked = tmp_path / "empty", tmp_path / "linked"
    empty.mkdir()
    linked.mkdir()
    (linked / "go").symlink_to(shutil.which("go"))      # the same binary by another road
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", os.pathsep.join([str(empty), str(linked), path, str(empty)]))
    warm = once()
    assert warm.cache_hits == 1 and warm.types.rounds == 0
    gcc = tmp_path / "cc-dir" / "gcc"
    gcc.parent.mkdir()
    gcc.write_text("#!/bin/sh\nexec false\n")
    gcc.chmod(0o755)
    monkeypatch.setenv("PATH", os.pathsep.join([str(gcc.parent), path]))
    assert once().cache_hits == 0


def test_a_result_read_while_a_watched_file_is_fresh_is_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path / "cache"))
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING})
    age(root)
    (root / "p" / "b.go").write_text("package p\n")   # just written: within RACY_NS

    def once():
        return run(Options(paths=[str(root / "p" / "a.go")], fix=False, jobs=1, cache=True,
                           cache_dir=str(tmp_path / "cache")))
    (first,) = once().files
    assert first.types_used and first.types_stamp == b""
    assert once().cache_hits == 0


def test_the_tool_fingerprint_covers_the_analysis_layer_and_the_helper():
    files = result_cache._package_files("codemod")
    names = {os.path.relpath(f, os.path.dirname(os.path.dirname(result_cache.__file__)))
             for f in files}
    for wanted in ("codemod/analysis/types.py", "codemod/analysis/gotypes/service.py",
                   "codemod/analysis/gotypes/record.py", "codemod/analysis/gotypes/helper/main.go",
                   "codemod/analysis/gotypes/helper/go.mod", "codemod/typestage.py"):
        assert wanted in names, wanted


# --- closure-retains ----------------------------------------------------------------------------

OWN_LEN = """package p

import "fmt"

func len(xs []int) int { return 42 }

func F(xs []int) {
	defer func() { fmt.Println(len(xs)) }()
}
"""

OWN_LEN_ELSEWHERE = """package p

import "fmt"

func F(xs []int) {
	defer func() { fmt.Println(len(xs)) }()
}
"""


@pytest.mark.parametrize("flags", [(), ("--no-types",)], ids=["types", "no-types"])
def test_closure_retains_a_package_level_len_is_not_the_builtin(tmp_path, flags):
    root = module(tmp_path / "m", {"p/a.go": OWN_LEN_ELSEWHERE,
                                   "p/len.go": "package p\n\nfunc len(xs []int) int { return 42 }\n",
                                   "q/q.go": OWN_LEN.replace("package p", "package q")})
    assert check("--no-cache", "--select", "closure-retains", *flags, str(root)) == []
    # The builtin, for contrast: a safe fix with types and without.
    (root / "p" / "len.go").unlink()
    (root / "q" / "q.go").unlink()
    assert levels(check("--no-cache", "--select", "closure-retains", *flags, str(root))) == \
        [(6, "safe")]


def test_closure_retains_a_string_from_a_call_is_safe_with_types(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING})
    assert levels(check("--no-cache", str(root))) == [(10, "safe")]
    ((_, level, why),) = verdicts(check("--no-cache", "--no-types", str(root)))
    assert level == "unsafe" and "types were not available" in why


def test_closure_retains_a_map_or_channel_by_type_is_no_finding(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": """package p

import "fmt"

func load() map[string]int { return nil }

func F() {
	m := load()
	defer func() { fmt.Println(len(m)) }()
}
"""})
    assert check("--no-cache", str(root)) == []
    assert levels(check("--no-cache", "--no-types", str(root))) == [(9, "unsafe")]


# --- deferred-lock ------------------------------------------------------------------------------

LOCKS = """package p

import (
	"strings"
	"sync"
)

type Seal struct{ sealed bool }

func (s *Seal) Lock()   { s.sealed = true }
func (s *Seal) Unlock() { s.sealed = false }

type S struct {
	mu   sync.Mutex
	seal Seal
	buf  strings.Builder
	hook func()
	sync.RWMutex
	cond *sync.Cond
}

func (s *S) Sealed() {
	s.seal.Lock()
	defer s.seal.Lock()
}

func (s *S) Builder() {
	s.mu.Lock()
	defer s.mu.Lock()
	s.buf.WriteString("x")
}

func (s *S) Hook() {
	s.mu.Lock()
	defer s.mu.Lock()
	s.hook()
}

func (s *S) Embedded() {
	s.RLock()
	defer s.RLock()
}

func (s *S) Waits() {
	s.cond.L.Lock()
	defer s.cond.L.Lock()
	s.cond.Wait()
}

func (s *S) Written() {
	s.mu.Lock()
	defer s.mu.Lock()
}
"""


def test_deferred_lock_by_type(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": LOCKS})
    typed = {line: (level, why) for line, level, why in verdicts(check("--no-cache", str(root)))}
    assert typed[24][0] == "unsafe" and "(*example.com/m/p.Seal).Lock, not a method of sync" \
        in typed[24][1]
    assert typed[29][0] == "safe"        # strings.Builder's method cannot release s.mu
    assert typed[35][0] == "none"        # a func field still may
    assert typed[41][0] == "safe"        # an embedded RWMutex
    assert typed[46][0] == "safe"        # (*sync.Cond).Wait locks again before it returns
    assert typed[52][0] == "safe"
    fallback = {line: (level, why) for line, level, why in
                verdicts(check("--no-cache", "--no-types", str(root)))}
    assert {line: level for line, (level, _) in fallback.items()} == {
        24: "unsafe", 29: "none", 35: "none", 41: "unsafe", 46: "none", 52: "safe"}
    assert "types were not available" in fallback[24][1] and \
        "types were not available" in fallback[41][1]


OWN_LOCKS = """package p

import "sync"

type box struct {
	mu sync.Mutex
	n  int
}

func newBox() box { return box{} }

func Two() {
	a := newBox()
	var mu sync.Mutex
	a.mu.Lock()
	a.mu.Unlock()
	mu.Lock()
	defer mu.Lock()
}
"""


def test_deferred_lock_a_value_holding_its_own_lock_by_type(tmp_path):
    """a holds its own mutex (a struct value, by go/types' kind; its type is not written):
    a.mu.Unlock() cannot release mu. Without types a's type is not visible, so it may."""
    root = module(tmp_path / "m", {"p/a.go": OWN_LOCKS})
    flags = ("--no-cache", "--select", "deferred-lock")
    assert levels(check(*flags, str(root))) == [(18, "safe")]
    (fallback,) = verdicts(check(*flags, "--no-types", str(root)))
    assert fallback[1] != "safe" and "a.mu.Unlock (line 16) may release" in fallback[2], fallback


# --- eager-defer-arg ----------------------------------------------------------------------------

EAGER = """package p

import (
	"fmt"
	"log"
	"time"
)

type y struct{}

func (y) A(d time.Duration) { fmt.Println(d) }

func Composite(now time.Time) {
	defer y{}.A(time.Since(now))
}

type clock struct{}

func (clock) Since(t time.Time) time.Duration { return 0 }
func (clock) Now() clock                      { return clock{} }
func (clock) Sub(t time.Time) time.Duration   { return 0 }

func LocalTime(start time.Time) {
	time := clock{}
	defer fmt.Println(time.Since(start))
}

func UserSub(start time.Time, c clock) {
	defer fmt.Println(c.Now().Sub(start))
}

type logger struct{}

func (logger) Printf(format string, args ...any) { recover() }

func LocalLog(start time.Time) {
	log := logger{}
	defer log.Printf("%v", time.Since(start))
}

func StdLog(start time.Time, load func() []int) {
	items := load()
	defer log.Printf("%d %v", len(items), time.Since(start))
}
"""


def test_eager_defer_arg_callees_by_type(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": EAGER})
    typed = verdicts(check("--no-cache", str(root)))
    # No finding for the local time's Since or the user type's Sub, with or without types.
    assert [(line, level) for line, level, _ in typed] == [(14, "safe"), (38, "unsafe"),
                                                          (43, "safe")]
    assert "(example.com/m/p.logger).Printf calls recover()" in typed[1][2]
    fallback = verdicts(check("--no-cache", "--no-types", str(root)))
    assert [(line, level) for line, level, _ in fallback] == [(14, "unsafe"), (38, "unsafe"),
                                                             (43, "unsafe")]
    assert all("types were not available" in why for _, _, why in fallback)


# --- recover-misuse -----------------------------------------------------------------------------

def test_recover_misuse_the_builtin_and_a_local_or_the_packages_own(tmp_path):
    root = module(tmp_path / "m", {
        "p/a.go": "package p\n\nfunc A() {\n\tdefer recover()\n}\n\nfunc B() {\n"
                  "\trecover := func() any { return nil }\n\tdefer recover()\n}\n",
        "p/b.go": "package p\n\nfunc C() {\n\tdefer recover()\n}\n",
        "q/q.go": "package q\n\nfunc recover() any { return nil }\n",
        "q/r.go": "package q\n\nfunc E() {\n\tdefer recover()\n}\n"})

    def found(*flags):
        return sorted((f["path"].rsplit("/", 2)[-2] + "/" + f["path"].rsplit("/", 1)[-1],
                       f["line"]) for f in check("--no-cache", *flags, str(root)))
    # go/types: A's and C's recover are the builtin; B's is a local, E's the package's own.
    assert found() == [("p/a.go", 4), ("p/b.go", 4)]
    # Without types: a file that declares a recover has none known to be the builtin, and
    # neither has a package that declares one.
    assert found("--no-types") == [("p/b.go", 4)]


# --- loopvar-capture ----------------------------------------------------------------------------

RUNNERS = """package p

import (
	"fmt"
	"testing"
)

// Pool.Go runs f at once: nothing runs after the iteration.
type Pool struct{}

func (Pool) Go(f func()) { f() }

// Later.Go keeps f for Wait.
type Later struct{ fs []func() }

func (l *Later) Go(f func()) { l.fs = append(l.fs, f) }

// Suite.Run runs f at once.
type Suite struct{}

func (*Suite) Run(name string, f func(t *testing.T)) { f(nil) }

func Runners(xs []int, t *testing.T) {
	var pool Pool
	var later Later
	var s Suite
	var i int
	for i = 0; i < len(xs); i++ {
		pool.Go(func() { fmt.Println(i) })
		later.Go(func() { fmt.Println(xs[i]) })
		s.Run("x", func(t *testing.T) { t.Parallel(); fmt.Println(i) })
	}
	var x int
	for _, x = range xs {
		t.Run("y", func(t *testing.T) { t.Parallel(); fmt.Println(x) })
	}
}
"""


def test_loopvar_capture_go_and_run_by_callee_type(tmp_path):
    root = module(tmp_path / "m", {"p/a_test.go": RUNNERS})
    typed = levels(check("--no-cache", "--select", "loopvar-capture", str(root)))
    # pool.Go and s.Run run the literal at once: no finding; later.Go keeps it, t.Run of a
    # *testing.T with t.Parallel() runs it after the loop moved on.
    assert [line for line, _ in typed] == [30, 35]
    fallback = levels(check("--no-cache", "--no-types", "--select", "loopvar-capture",
                            str(root)))
    assert [line for line, _ in fallback] == [29, 30, 31, 35]


def test_loopvar_capture_a_package_level_loop_variable(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": """package p

var A int

func F(s []int) {
	for _, A = range s {
		go func() { println(A) }()
	}
}
"""})
    for flags in ((), ("--no-types",)):
        ((line, level, why),) = verdicts(check("--no-cache", *flags, str(root)))
        assert (line, level) == (7, "unsafe") and "package-level variable" in why


def test_loopvar_capture_a_value_method_writes_nothing(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": """package p

import "fmt"

type temp float64

func (t temp) String() string { return fmt.Sprint(float64(t)) }

func (t *temp) Raise() { *t++ }

func F(ts []temp) {
	var t temp
	for _, t = range ts {
		defer func() { fmt.Print(t.String()) }()
	}
}

func G(ts []temp) {
	var t temp
	for _, t = range ts {
		defer func() { t.Raise() }()
	}
}
"""})
    flags = ("--no-cache", "--select", "loopvar-capture")
    assert levels(check(*flags, str(root))) == [(14, "safe"), (21, "unsafe")]
    assert levels(check(*flags, "--no-types", str(root))) == [(14, "unsafe"), (21, "unsafe")]


# --- defer-in-loop: the error companion ---------------------------------------------------------

COMPANIONS = """package p

import (
	"net"
	"os"
)

func Open(names []string) error {
	for _, name := range names {
		fd, e := os.Open(name)
		if e != nil {
			return e
		}
		defer fd.Close()
		_, _ = fd.Stat()
	}
	return nil
}

func Listen(addrs []string) error {
	for _, a := range addrs {
		ln, e2 := net.Listen("tcp", a)
		if e2 != nil {
			return e2
		}
		defer ln.Close()
		_ = ln.Addr()
	}
	return nil
}
"""


def test_defer_in_loop_an_error_companion_of_any_name(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": COMPANIONS})
    flags = ("--no-cache", "--select", "defer-in-loop")
    # go/types: e and e2 are the errors of os.Open and net.Listen (standard-library result
    # types), which hold nothing of the file or the listener.
    assert levels(check(*flags, str(root))) == [(14, "safe"), (26, "safe")]
    fallback = verdicts(check(*flags, "--no-types", str(root)))
    assert [(line, level) for line, level, _ in fallback] == [(14, "none"), (26, "none")]
    assert all("e" in why and "types were not available" in why for _, _, why in fallback)


# --- the fallback is never more permissive than the typed verdict ------------------------------

_RANK = {"none": 0, "unsafe": 1, "safe": 2}
_DATA = Path(__file__).resolve().parent / "data"
_GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def _property_tree(root: Path) -> Path:
    """Every golden input, every differential program (with its prelude) and the programs of
    this file, each a package of its own, in one module per `go` line: go/types is asked
    once per module (one helper process), not once per input; each package is typed alone,
    so the verdicts are those of a module per input (the same findings, fixes and reasons)."""
    from differential import read_header
    count = 0

    def add(name: str, files: dict[str, bytes], go: str) -> None:
        nonlocal count
        module = root / f"go{go}"
        if not module.is_dir():
            module.mkdir(parents=True)
            (module / "go.mod").write_text(f"module example.com/m{go.replace('.', '_')}"
                                           f"\n\ngo {go}\n")
        target = module / f"{count:04d}-{name}"
        count += 1
        target.mkdir()
        for file_name, text in files.items():
            (target / file_name).write_bytes(text)

    for case in sorted(_GOLDEN.glob("*/*/input.go")):
        gomod = case.parent / "go.mod"
        go = "1.21"
        if gomod.is_file():
            go = next((line.split()[1] for line in gomod.read_text().splitlines()
                       if line.startswith("go ")), go)
        add(case.parent.name, {"input.go": case.read_bytes()}, go)
    for corpus in ("differential", "differential_rules", "differential_loop"):
        for case in sorted((_DATA / corpus).glob("*.go")):
            text = case.read_bytes()
            header = read_header(text)
            files = {"main.go": text}
            if "prelude" in header:
                files["prelude.go"] = (_DATA / corpus / "prelude" /
                                       f"{header['prelude']}.go").read_bytes()
            add(case.stem, files, header.get("go", "1.21"))
    for name, text in (("one-string", ONE_STRING), ("locks", LOCKS), ("eager", EAGER),
                       ("runners", RUNNERS), ("companions", COMPANIONS),
                       ("own-len", OWN_LEN)):
        add(name, {"a.go" if name != "runners" else "a_test.go": text.encode()}, "1.22")
    return root


def test_the_fallback_is_never_safer_than_the_typed_verdict(tmp_path):
    """For every input above, every finding both runs report: its applicability with
    --no-types is at most the typed one (none < unsafe < safe). A finding only the fallback
    reports (a .Go that runs its function at once) may have any fix: go/types says there is
    no defect, and such a fix changes nothing; one only the typed run reports (a
    package-level loop variable the syntax cannot type) has no fallback fix at all."""
    root = _property_tree(tmp_path / "tree")

    def by_key(*flags: str) -> dict[tuple, str]:
        findings = check("--no-cache", "--jobs", "2", *flags, str(root))
        return {(f["path"], f["line"], f["col"], f["rule"]):
                f["fix"]["applicability"] if f["fix"] else "none" for f in findings}

    typed, fallback = by_key(), by_key("--no-types")
    common = set(typed) & set(fallback)
    safer = [(key, fallback[key], typed[key]) for key in sorted(common)
             if _RANK[fallback[key]] > _RANK[typed[key]]]
    assert not safer, safer
    # The inputs hold verdicts that types improve, so the comparison can tell the two apart.
    improved = [key for key in common if _RANK[typed[key]] > _RANK[fallback[key]]]
    assert len(common) > 300 and len(improved) >= 10, (len(common), len(improved))


def test_without_go_the_fallback_says_so(tmp_path):
    import subprocess
    import sys
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING})
    empty = tmp_path / "no-go"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty), "DEFERFIX_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    got = subprocess.run([sys.executable, "-m", "codemod.cli", "check", "--no-cache",
                          "--format", "json", str(root)], capture_output=True, text=True,
                         env=env, timeout=120)
    assert got.returncode == 1, got.stderr
    (finding,) = json.loads(got.stdout)["findings"]
    assert finding["fix"]["applicability"] == "unsafe"
    assert "types were not available: go is not on PATH" in finding["fix"]["reason"]


def test_a_missing_dependency_falls_back(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING.replace(
        '"strings"\n', '"strings"\n\n\t"example.com/missing/dep"\n').replace(
        "func F(n int) {", "var _ = dep.X\n\nfunc F(n int) {")})
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n\n"
                                 "require example.com/missing v1.0.0\n")
    ((_, level, why),) = verdicts(check("--no-cache", str(root)))
    assert level == "unsafe" and "types were not available" in why


def test_a_vendored_dependency_is_watched_by_its_files(tmp_path):
    """A versioned module read from vendor/ can be edited in place: the package key hashes its
    files and the result cache watches its directory (a module-cache copy is read-only and
    stands for itself by version)."""
    import subprocess
    root = module(tmp_path / "m", {"p/a.go": """package p

import (
	"fmt"

	"golang.org/x/sync/errgroup"
)

func F(xs []int) error {
	var g errgroup.Group
	var x int
	for _, x = range xs {
		g.Go(func() error { fmt.Println(x); return nil })
	}
	return g.Wait()
}
"""}, go="1.21")
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    got = subprocess.run(["go", "get", "golang.org/x/sync@v0.25.0"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300)
    if got.returncode != 0:
        pytest.skip(f"the module proxy did not serve golang.org/x/sync: {got.stderr[:200]}")
    result = run(Options(paths=[str(root)], fix=False, jobs=1))
    (finding_file,) = [r for r in result.files if r.findings]
    assert [f.rule for f in finding_file.findings] == ["loopvar-capture"]
    assert not any("golang.org" in d for d in finding_file.types_watch)
    vendored = subprocess.run(["go", "mod", "vendor"], cwd=root, env={**env, "GOFLAGS": ""},
                              capture_output=True, text=True, timeout=300)
    assert vendored.returncode == 0, vendored.stderr
    result = run(Options(paths=[str(root / "p")], fix=False, jobs=1))
    (typed,) = [r for r in result.files if r.findings]
    assert str(root / "vendor" / "golang.org" / "x" / "sync" / "errgroup") in typed.types_watch


def test_sigterm_while_the_types_service_runs_leaves_nothing(tmp_path, cache_dir):
    """A real SIGTERM to a real run while its helper type-checks (a cold Go build cache makes
    go list -export compile the standard library, so the helper is still running): the run
    exits 143 at once (the helper is killed, not waited for), the helper's go commands are
    gone, and so is its temporary directory."""
    import signal
    import subprocess
    import sys
    import shutil
    from codemod.analysis.gotypes.helper import HELPER_DIR_ENV, ensure_helper, helper_path
    # A cache directory of its own: the session's holds the answers of other tests' packages,
    # and one of the same text would be answered from there with no helper to interrupt.
    built, tc, _ = ensure_helper(cache_dir)
    own = tmp_path / "cache"
    own.mkdir()
    shutil.copy2(built, helper_path(str(own), tc))
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING})
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "DEFERFIX_CACHE_DIR": str(own), "TMPDIR": str(tmp),
           "GOCACHE": str(tmp_path / "gocache"),
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    env.pop(HELPER_DIR_ENV, None)   # the helper built above, not the session's
    proc = subprocess.Popen([sys.executable, "-m", "codemod.cli", "check", "--no-cache", "-v",
                             str(root)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)

    def ours() -> list[str]:
        """The processes working in this run's temporary directory (the helper's go build)."""
        out = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True,
                             text=True).stdout
        return [line for line in out.splitlines() if str(tmp) in line]
    deadline = time.time() + 60
    while not ours() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if not ours():
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"no go command of the helper was seen running: {err[-300:]!r}")
    proc.send_signal(signal.SIGTERM)
    sent = time.time()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    # at once: the helper is killed, not waited for (its cold build takes about 20 s)
    assert time.time() - sent < 5
    assert b"interrupted by SIGTERM" in stderr
    time.sleep(0.3)
    assert not ours()
    assert not list(tmp.iterdir())


def test_cache_clear_removes_the_cached_answers_too(tmp_path, monkeypatch):
    from codemod.analysis.gotypes.helper import HELPER_DIR_ENV
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.delenv(HELPER_DIR_ENV)   # the helper in the cache directory, as users have it
    root = module(tmp_path / "m", {"p/a.go": ONE_STRING})
    assert levels(check(str(root))) == [(10, "safe")]
    names = os.listdir(tmp_path / "c")
    assert "gotypes-v1.sqlite3" in names and any(n.startswith("results-v") for n in names)
    cleared = CliRunner().invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0
    left = os.listdir(tmp_path / "c")
    assert not [n for n in left if ".sqlite3" in n]
    assert [n for n in left if n.startswith("gotypes-")]      # the helper stays
