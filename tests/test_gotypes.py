"""The types service with the real toolchain: the helper is built with the real go, packages
are listed and type-checked for real, and every answer is what go/types says.

The helper is built once per test session in a session cache directory (the first test pays
about two seconds); test_concurrent_first_builds builds it again in empty directories.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from codemod.analysis.gotypes import (Call, Expr, Ident, NoAnswer, Question, TypesService,
                                      Unavailable)
from codemod.analysis.gotypes import answers as A
from codemod.analysis.gotypes.helper import ensure_helper, helper_path, toolchain

# Every test here runs the Go toolchain (`pytest --no-go` skips them).
pytestmark = pytest.mark.go

GOROOT = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="session")
def cache(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("gotypes-cache"))


@pytest.fixture
def types(cache):
    with TypesService(cache_dir=cache, use_cache=False) as service:
        yield service


def module(root: Path, files: dict[str, str], go: str = "1.22", name: str = "example.com/m") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text(f"module {name}\n\ngo {go}\n")
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


class Src:
    """A file's text and the byte offsets of snippets in it."""

    def __init__(self, path: Path, text: bytes | None = None) -> None:
        self.path = str(path)
        self.text = path.read_bytes() if text is None else text

    def at(self, snippet: str, nth: int = 0) -> int:
        index = -1
        for _ in range(nth + 1):
            index = self.text.index(snippet.encode(), index + 1)
        return index

    def ident(self, snippet: str, nth: int = 0, within: int = 0) -> Question:
        return Question("ident", self.at(snippet, nth) + within)

    def span(self, kind: str, snippet: str, nth: int = 0) -> Question:
        start = self.at(snippet, nth)
        return Question(kind, start, start + len(snippet.encode()))


def ask(types: TypesService, src: Src, *questions: Question, others: tuple[Src, ...] = ()) -> list:
    files = {src.path: src.text, **{o.path: o.text for o in others}}
    answers = types.ask(os.path.dirname(src.path), files, {src.path: list(questions)})
    return answers[src.path]


SHADOWS = """package p

import (
	"os"
	"sync"
	"time"
)

func len(xs []int) int { return 0 }

type y struct{}

func (y) A(d time.Duration) {}

type Seal struct{ sealed bool }

func (s *Seal) Lock()   { s.sealed = true }
func (s *Seal) Unlock() {}

type S struct {
	mu   sync.Mutex
	Name string
}

func F(name string, now time.Time) (n int, err error) {
	fd, e := os.Open(name)
	if e != nil {
		return 0, e
	}
	defer fd.Close()
	var s S
	s.mu.Lock()
	defer s.mu.Unlock()
	var seal Seal
	seal.Lock()
	defer y{}.A(time.Since(now))
	{
		time := 3
		_ = time
	}
	recover := func() int { return 1 }
	_ = recover()
	_ = len(nil)
	return 0, nil
}

func G() {
	defer func() { _ = recover() }()
loop:
	for i := range 3 {
		if i == 1 {
			break loop
		}
	}
}
"""


def test_package_level_len_is_not_the_builtin(types, tmp_path):
    root = module(tmp_path, {"p/a.go": SHADOWS})
    src = Src(root / "p/a.go")
    use, call = ask(types, src, src.ident("len(nil)"), src.span("call", "len(nil)"))
    assert isinstance(use, Ident)
    assert (use.object, use.universe, use.package_level, use.pkg) == ("func", False, True, "example.com/m/p")
    assert use.qualified == "example.com/m/p.len"
    assert use.decl is not None and use.decl.offset == src.at("len(xs")
    assert (call.callee_kind, call.callee) == ("func", "example.com/m/p.len")
    assert [r.type for r in call.results] == ["int"]


def test_builtin_len_and_recover(types, tmp_path):
    root = module(tmp_path, {"p/a.go": "package p\n\nfunc F(xs []int) int {\n"
                                        "\tdefer func() { recover() }()\n\treturn len(xs)\n}\n"})
    src = Src(root / "p/a.go")
    ln, rc, call = ask(types, src, src.ident("len(xs)"), src.ident("recover()"),
                       src.span("call", "recover()"))
    assert (ln.object, ln.universe, ln.package_level) == ("builtin", True, False)
    assert (rc.object, rc.universe) == ("builtin", True)
    assert (call.callee_kind, call.callee) == ("builtin", "recover")
    assert [r.type for r in call.results] == ["interface{}"]


def test_recover_as_a_local_and_as_the_builtin(types, tmp_path):
    root = module(tmp_path, {"p/a.go": SHADOWS})
    src = Src(root / "p/a.go")
    local, builtin = ask(types, src, src.ident("recover()"), src.ident("recover() }()"))
    assert (local.object, local.universe, local.package_level) == ("var", False, False)
    assert local.type.kind == "func"
    assert (builtin.object, builtin.universe) == ("builtin", True)


def test_a_local_variable_named_time_shadows_the_import(types, tmp_path):
    root = module(tmp_path, {"p/a.go": SHADOWS})
    src = Src(root / "p/a.go")
    local, use, pkg = ask(types, src, src.ident("time := 3"), src.ident("time\n\t}"),
                          src.ident("time.Since"))
    assert (local.object, local.def_, local.type.type) == ("var", True, "int")
    assert (use.object, use.def_) == ("var", False)
    assert use.decl.offset == src.at("time := 3")
    assert (pkg.object, pkg.imported) == ("pkgname", "time")


def test_error_companion_of_any_name_and_os_open_results(types, tmp_path):
    root = module(tmp_path, {"p/a.go": SHADOWS})
    src = Src(root / "p/a.go")
    e, call, result_err = ask(types, src, src.ident("e :="), src.span("call", "os.Open(name)"),
                              src.ident("err error"))
    assert (e.object, e.def_, e.type.error, e.type.kind) == ("var", True, True, "interface")
    assert (call.callee_kind, call.callee, call.callee_pkg, call.callee_origin) == (
        "func", "os.Open", "os", "std")
    assert [(r.type, r.kind, r.pointee, r.error) for r in call.results] == [
        ("*os.File", "pointer", "os.File", False), ("error", "interface", "", True)]
    assert call.callee_decl.file.endswith("os/file.go") and call.callee_decl.line
    assert [r.written for r in call.results] == ["*os.File", "error"]
    assert (result_err.role, result_err.type.error) == ("result", True)


def test_methods_receivers_and_the_seal_that_is_not_a_mutex(types, tmp_path):
    root = module(tmp_path, {"p/a.go": SHADOWS})
    src = Src(root / "p/a.go")
    lock, seal, literal, close, mu, seal_set = ask(
        types, src, src.span("call", "s.mu.Lock()"), src.span("call", "seal.Lock()"),
        src.span("call", "y{}.A(time.Since(now))"), src.span("call", "fd.Close()"),
        src.span("methods", "s.mu"), Question("methods", src.at("seal.Lock()"), src.at("seal.Lock()") + 4))
    assert (lock.callee_kind, lock.callee) == ("method", "(*sync.Mutex).Lock")
    assert lock.receiver.pointer and lock.receiver.addressable and lock.receiver.implicit_address
    assert seal.callee == "(*example.com/m/p.Seal).Lock"
    assert literal.callee == "(example.com/m/p.y).A"
    assert not literal.receiver.pointer and not literal.receiver.addressable
    assert literal.callee_decl.offset == src.at("A(d time")
    assert close.callee == "(*os.File).Close" and close.receiver.expr_type.kind == "pointer"
    assert [r.type for r in close.results] == ["error"]
    assert isinstance(mu, Expr) and mu.methods.locker and mu.methods.through_pointer
    assert mu.methods.methods["Lock"].func == "(*sync.Mutex).Lock"
    assert seal_set.methods.locker   # it has Lock/Unlock: only the callee says it is no mutex
    assert seal_set.methods.methods["Lock"].func == "(*example.com/m/p.Seal).Lock"


def test_identifier_kinds(types, tmp_path):
    root = module(tmp_path, {"p/a.go": SHADOWS})
    src = Src(root / "p/a.go")
    qs = [src.ident("Name string"), src.ident("Seal) Lock"), src.ident("Lock()   {"),
          src.ident("loop:"), src.ident("loop\n"), src.ident("nil\n}"), src.ident("sync\"", within=0),
          src.ident("s.sealed", within=2), src.ident("name string"), src.ident("s *Seal) Lock")]
    qs[6] = Question("ident", src.at("sync.Mutex"))
    field, typ, method, label_def, label_use, nil, pkg, sealed, param, recv = ask(types, src, *qs)
    assert (field.object, field.def_, field.type.kind) == ("field", True, "string")
    assert (typ.object, typ.type.named, typ.type.kind) == ("type", "example.com/m/p.Seal", "struct")
    assert (method.object, method.qualified, method.pointer_receiver) == (
        "method", "(*example.com/m/p.Seal).Lock", True)
    assert (label_def.object, label_use.object) == ("label", "label")
    assert label_use.decl.offset == src.at("loop:")
    assert (nil.object, nil.universe) == ("nil", True)
    assert (pkg.object, pkg.imported) == ("pkgname", "sync")
    assert (sealed.object, sealed.type.basic) == ("field", "bool")
    assert (param.role, recv.role) == ("param", "receiver")


KINDS = """package p

type T struct{ X int }

type I interface{ M() }

const C = 1 << 3

func F[E any](e E) {
	var (
		s  string
		sl []byte
		ar [2]int
		m  map[string]int
		ch chan int
		p  *T
		st T
		i  I
		f  func()
		n  int
	)
	_, _, _, _, _, _, _, _, _, _, _ = s, sl, ar, m, ch, p, st, i, f, n, e
	_ = C
}
"""


def test_types_and_underlying_kinds(types, tmp_path):
    root = module(tmp_path, {"p/a.go": KINDS})
    src = Src(root / "p/a.go")
    line = "s, sl, ar, m, ch, p, st, i, f, n, e"
    base = src.at(line)
    names = line.split(", ")
    offsets, at = [], base
    for name in names:
        offsets.append(at)
        at += len(name) + 2
    use = src.at("C\n")
    got = ask(types, src, *[Question("expr", o, o + len(n)) for o, n in zip(offsets, names)],
              Question("expr", use, use + 1), src.ident("C = 1"))
    kinds = [a.type.kind for a in got[:len(names)]]
    assert kinds == ["string", "slice", "array", "map", "chan", "pointer", "struct", "interface",
                     "func", "basic", "typeparam"]
    assert got[5].type.pointee == "example.com/m/p.T"
    assert (got[5].type.type, got[5].type.written) == ("*example.com/m/p.T", "*T")
    assert got[6].addressable and got[6].mode == "variable"
    const_use, const_def = got[len(names)], got[len(names) + 1]
    assert isinstance(const_use, Expr) and (const_use.mode, const_use.value) == ("constant", "8")
    assert const_def.object == "const" and const_def.def_


def test_no_answer_where_nothing_is(types, tmp_path):
    root = module(tmp_path, {"p/a.go": KINDS})
    src = Src(root / "p/a.go")
    ident, call, far = ask(types, src, Question("ident", src.at("struct") + 1),
                           src.span("call", "X int"), Question("ident", 10_000_000))
    assert isinstance(ident, NoAnswer) and isinstance(call, NoAnswer) and isinstance(far, NoAnswer)
    assert not ident and not call


RUNNERS = """package p

type Pool struct{}

// Go runs f at once: no goroutine, nothing shared.
func (Pool) Go(f func()) { f() }

type Suite struct{}

func (*Suite) Run(name string, f func()) bool { f(); return true }

func F(xs []int) {
	var pool Pool
	var s Suite
	for _, x := range xs {
		pool.Go(func() { println(x) })
		s.Run("x", func() { println(x) })
	}
}
"""

RUNNERS_TEST = """package p

import "testing"

func TestX(t *testing.T) {
	t.Run("x", func(t *testing.T) {})
}
"""

RUNNERS_XTEST = """package p_test

import (
	"testing"

	"example.com/m/p"
)

func TestY(t *testing.T) {
	var pool p.Pool
	pool.Go(func() {})
	t.Run("y", func(t *testing.T) {})
}
"""


def test_go_and_run_on_other_types_and_on_testing_t(types, tmp_path):
    root = module(tmp_path, {"p/a.go": RUNNERS, "p/a_test.go": RUNNERS_TEST, "p/x_test.go": RUNNERS_XTEST})
    src, test, xtest = Src(root / "p/a.go"), Src(root / "p/a_test.go"), Src(root / "p/x_test.go")
    answers = types.ask(str(root / "p"), {src.path: src.text, test.path: test.text, xtest.path: xtest.text},
                        {src.path: [src.span("call", 'pool.Go(func() { println(x) })'),
                                    src.span("call", 's.Run("x", func() { println(x) })')],
                         test.path: [test.span("call", 't.Run("x", func(t *testing.T) {})')],
                         xtest.path: [xtest.span("call", "pool.Go(func() {})"),
                                      xtest.span("call", 't.Run("y", func(t *testing.T) {})')]})
    go, run = answers[src.path]
    assert go.callee == "(example.com/m/p.Pool).Go" and run.callee == "(*example.com/m/p.Suite).Run"
    (trun,) = answers[test.path]
    assert trun.callee == "(*testing.T).Run"
    xgo, xrun = answers[xtest.path]
    assert xgo.callee == "(example.com/m/p.Pool).Go" and xrun.callee == "(*testing.T).Run"


def test_package_level_loop_variable(types, tmp_path):
    root = module(tmp_path, {"p/a.go": "package p\n\nvar A int\n\nfunc F(s []int) {\n"
                                        "\tfor A = range s {\n\t\tgo func() { println(A) }()\n\t}\n}\n"})
    src = Src(root / "p/a.go")
    header, use = ask(types, src, src.ident("A = range"), src.ident("A) }"))
    assert (header.object, header.package_level, header.def_) == ("var", True, False)
    assert use.decl.offset == src.at("A int")


def test_a_package_that_does_not_type_check_is_unavailable(types, tmp_path):
    root = module(tmp_path, {"p/a.go": "package p\n\nfunc F() int {\n\treturn len(1)\n}\n",
                             "p/b.go": "package p\n\nfunc G() { F() }\n"})
    a, b = Src(root / "p/a.go"), Src(root / "p/b.go")
    answers = types.ask(str(root / "p"), {a.path: a.text, b.path: b.text},
                        {a.path: [a.ident("len")], b.path: [b.ident("F()")]})
    for answer in answers[a.path] + answers[b.path]:
        assert isinstance(answer, Unavailable) and answer.cause == A.TYPE_ERRORS
        assert "does not type-check" in answer.reason and "len" in answer.reason
        assert not answer


def test_a_type_error_in_an_unasked_body_does_not_hide_the_answers(types, tmp_path):
    # Bodies without questions are not checked: their errors change no answer elsewhere.
    root = module(tmp_path, {"p/a.go": "package p\n\nimport \"os\"\n\nfunc F() { _, _ = os.Open(\"x\") }\n\n"
                                        "func G() int { return \"no\" }\n"})
    src = Src(root / "p/a.go")
    (call,) = ask(types, src, src.span("call", 'os.Open("x")'))
    assert isinstance(call, Call) and call.callee == "os.Open"
    with TypesService(cache_dir=types.cache_dir, use_cache=False, all_bodies=True) as full:
        (answer,) = ask(full, src, src.span("call", 'os.Open("x")'))
    assert isinstance(answer, Unavailable) and answer.cause == A.TYPE_ERRORS


def test_a_file_excluded_by_build_tags(types, tmp_path):
    root = module(tmp_path, {"p/a.go": "package p\n\nfunc F() {}\n",
                             "p/w.go": "//go:build windows\n\npackage p\n\nfunc W() { F() }\n",
                             "p/x_plan9.go": "package p\n\nfunc X() { F() }\n"})
    a, w, x = Src(root / "p/a.go"), Src(root / "p/w.go"), Src(root / "p/x_plan9.go")
    answers = types.ask(str(root / "p"), {a.path: a.text, w.path: w.text, x.path: x.text},
                        {a.path: [a.ident("F")], w.path: [w.ident("F()")], x.path: [x.ident("F()")]})
    assert isinstance(answers[a.path][0], Ident)
    for path in (w.path, x.path):
        (answer,) = answers[path]
        assert isinstance(answer, Unavailable) and answer.cause == A.EXCLUDED
        assert "build constraints" in answer.reason


def test_text_from_memory_that_differs_from_disk(types, tmp_path):
    root = module(tmp_path, {"p/a.go": "package p\n\nfunc F() {}\n"})
    src = Src(root / "p/a.go", b"package p\n\nimport \"os\"\n\nfunc F() { os.Exit(1) }\n")
    new = Src(root / "p/new.go", b"package p\n\nfunc len() int { return 0 }\n")   # not on disk
    answers = types.ask(str(root / "p"), {src.path: src.text, new.path: new.text},
                        {src.path: [src.span("call", "os.Exit(1)")], new.path: [new.ident("len")]})
    assert answers[src.path][0].callee == "os.Exit"
    assert answers[new.path][0].qualified == "example.com/m/p.len"
    assert (root / "p/a.go").read_text() == "package p\n\nfunc F() {}\n"
    assert not (root / "p/new.go").exists()


def test_bom_and_line_directives_do_not_move_offsets(types, tmp_path):
    text = ("\ufeffpackage p\n\nimport \"os\"\n\n//line other.go:100:1\nfunc F() {\n"
            "\t// é ü — wide bytes before the call\n\tos.Exit(1)\n}\n")
    root = module(tmp_path, {})
    (root / "p").mkdir()
    (root / "p/a.go").write_bytes(text.encode())
    src = Src(root / "p/a.go")
    call, fn = ask(types, src, src.span("call", "os.Exit(1)"), src.ident("F()"))
    assert call.callee == "os.Exit"
    assert fn.decl.offset == src.at("F()") and fn.decl.file == src.path


def test_cgo_file_unavailable_and_its_siblings_answered(types, tmp_path):
    if shutil.which("gcc") is None and shutil.which("cc") is None:
        pytest.skip("no C compiler: cgo files are excluded")
    root = module(tmp_path, {"p/c.go": "package p\n\n// int two() { return 2; }\nimport \"C\"\n\n"
                                        "func Two() int { return int(C.two()) }\n",
                             "p/a.go": "package p\n\nfunc F() int { return Two() }\n"})
    c, a = Src(root / "p/c.go"), Src(root / "p/a.go")
    answers = types.ask(str(root / "p"), {c.path: c.text, a.path: a.text},
                        {c.path: [c.ident("Two")], a.path: [a.span("call", "Two()")]})
    assert isinstance(answers[c.path][0], Unavailable) and "cgo" in answers[c.path][0].reason
    assert answers[a.path][0].callee == "example.com/m/p.Two"
    assert [r.type for r in answers[a.path][0].results] == ["int"]


def test_external_test_package_and_recompiled_dependencies(types, tmp_path):
    # q imports p; p's external tests import q: go recompiles q against p's test variant,
    # and the answers must see one p (identical types), not two.
    root = module(tmp_path, {
        "p/p.go": "package p\n\ntype T struct{}\n\nfunc (T) Close() error { return nil }\n",
        "p/in_test.go": "package p\n\nfunc helper() T { return T{} }\n",
        "q/q.go": "package q\n\nimport \"example.com/m/p\"\n\nfunc Make() p.T { return p.T{} }\n",
        "p/x_test.go": "package p_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/p\"\n"
                       "\t\"example.com/m/q\"\n)\n\nfunc TestT(t *testing.T) {\n\tvar v p.T = q.Make()\n"
                       "\tdefer v.Close()\n}\n"})
    x = Src(root / "p/x_test.go")
    (close,) = ask(types, x, x.span("call", "v.Close()"))
    assert isinstance(close, Call), close
    assert close.callee == "(example.com/m/p.T).Close"


def test_go_list_failure_is_unavailable(types, tmp_path):
    root = module(tmp_path, {"p/a.go": "package p\n"}, go="1.999")
    src = Src(root / "p/a.go")
    (answer,) = ask(types, src, src.ident("p"))
    assert isinstance(answer, Unavailable) and "1.999" in answer.reason


def test_no_types_and_no_go(cache, tmp_path, monkeypatch):
    root = module(tmp_path, {"p/a.go": "package p\n\nfunc F() {}\n"})
    src = Src(root / "p/a.go")
    with TypesService(enabled=False, cache_dir=cache) as off:
        (answer,) = ask(off, src, src.ident("F"))
    assert isinstance(answer, Unavailable) and answer.cause == A.NO_TYPES and "--no-types" in answer.reason
    toolchain.cache_clear()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    try:
        with TypesService(cache_dir=cache) as service:
            (answer,) = ask(service, src, src.ident("F"))
    finally:
        toolchain.cache_clear()
    assert isinstance(answer, Unavailable) and answer.cause == A.NO_GO
    assert "go is not on PATH" in answer.reason


def test_errgroup_from_a_real_module(types, tmp_path):
    root = module(tmp_path, {"p/a.go": "package p\n\nimport \"golang.org/x/sync/errgroup\"\n\n"
                                        "func F(xs []int) error {\n\tvar g errgroup.Group\n"
                                        "\tfor _, x := range xs {\n\t\tg.Go(func() error { _ = x; return nil })\n"
                                        "\t}\n\treturn g.Wait()\n}\n"})
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    got = subprocess.run(["go", "get", "golang.org/x/sync@v0.25.0"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300)
    if got.returncode != 0:
        pytest.skip(f"the module proxy did not serve golang.org/x/sync: {got.stderr.strip()[:200]}")
    src = Src(root / "p/a.go")
    go, wait = ask(types, src, src.span("call", "g.Go(func() error { _ = x; return nil })"),
                   src.span("call", "g.Wait()"))
    assert go.callee == "(*golang.org/x/sync/errgroup.Group).Go"
    assert go.receiver.pointer and go.receiver.implicit_address
    assert wait.callee == "(*golang.org/x/sync/errgroup.Group).Wait"
    assert [r.error for r in wait.results] == [True]


def test_answers_are_cached_by_content_and_validated(cache, tmp_path):
    root = module(tmp_path, {"p/a.go": SHADOWS, "q/q.go": "package q\n\nfunc N() int { return 1 }\n"})
    src = Src(root / "p/a.go")
    cache_dir = str(tmp_path / "answers")
    shutil.copytree(cache, cache_dir)
    question = src.span("call", "os.Open(name)")
    with TypesService(cache_dir=cache_dir) as service:
        first = ask(service, src, question)
        assert service.stats.packages_checked == 1 and service.stats.packages_cached == 0
        again = ask(service, src, question)
        assert again == first and service.stats.packages_cached == 1
        # a new question about the same text checks again, and is cached after
        ask(service, src, question, src.ident("len(nil)"))
        assert service.stats.packages_checked == 2
        changed = Src(root / "p/a.go", src.text.replace(b"os.Open(name)", b"os.Create(name)"))
        (created,) = ask(service, changed, changed.span("call", "os.Create(name)"))
        assert created.callee == "os.Create" and service.stats.packages_checked == 3
    db = sqlite3.connect(os.path.join(cache_dir, "gotypes-v1.sqlite3"))
    rows = db.execute("SELECT key, value FROM answers").fetchall()
    assert rows
    for key, value in rows:    # tamper: a result type that is not an object
        entry = json.loads(value)
        for k in entry.get("answers", {}):
            entry["answers"][k] = {"status": "ok", "callee_kind": "func", "results": ["boom"]}
        db.execute("UPDATE answers SET value = ? WHERE key = ?", (json.dumps(entry), key))
    db.commit()
    db.close()
    with TypesService(cache_dir=cache_dir) as service:
        (answer,) = ask(service, src, question)
    assert isinstance(answer, Unavailable) and "malformed" in answer.reason


def test_a_dependency_change_is_a_new_key(cache, tmp_path):
    root = module(tmp_path, {"q/q.go": "package q\n\nfunc N() int { return 1 }\n",
                             "p/a.go": "package p\n\nimport \"example.com/m/q\"\n\nvar V = q.N()\n"})
    src = Src(root / "p/a.go")
    cache_dir = str(tmp_path / "answers")
    shutil.copytree(cache, cache_dir)
    with TypesService(cache_dir=cache_dir) as service:
        (before,) = ask(service, src, src.ident("V"))
        (root / "q/q.go").write_text("package q\n\nfunc N() string { return \"\" }\n")
        (after,) = ask(service, src, src.ident("V"))
        assert service.stats.packages_cached == 0
    assert (before.type.type, after.type.type) == ("int", "string")


def _build_in(directory: str) -> str:
    path, _, _ = ensure_helper(directory)
    return path


def test_concurrent_first_builds(tmp_path):
    directory = str(tmp_path / "fresh")
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        paths = pool.map(_build_in, [directory, directory])
    assert paths[0] == paths[1] == helper_path(directory, toolchain())
    assert sorted(os.listdir(directory)) == [os.path.basename(paths[0])]   # no temporary left
    out = subprocess.run([paths[0], "-version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("gotypes 2 go")


def test_stripped_bodies_answer_as_a_full_check_over_a_std_package(cache):
    directory = os.path.join(GOROOT, "src", "strings")
    path = os.path.join(directory, "replace.go")
    src = Src(Path(path))
    import re
    questions = [Question("ident", m.start()) for m in re.finditer(rb"\b[A-Za-z_]\w*\b", src.text)][:3000]
    with TypesService(cache_dir=cache, use_cache=False) as fast, \
            TypesService(cache_dir=cache, use_cache=False, all_bodies=True) as full:
        a = fast.ask(directory, {path: src.text}, {path: questions}, module_dir=os.path.join(GOROOT, "src"))
        b = full.ask(directory, {path: src.text}, {path: questions}, module_dir=os.path.join(GOROOT, "src"))
    assert a == b
    assert sum(isinstance(x, Ident) for x in a[path]) > 1000


def test_a_helper_that_times_out_is_unavailable_and_leaves_no_process(cache, tmp_path):
    root = module(tmp_path, {"p/a.go": SHADOWS})
    src = Src(root / "p/a.go")
    with TypesService(cache_dir=cache, use_cache=False, timeout=0.05) as service:
        (answer,) = ask(service, src, src.ident("len(nil)"))
    assert isinstance(answer, Unavailable) and answer.cause == A.HELPER_FAILED
    assert "status -9" in answer.reason
    mine = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert helper_path(cache, toolchain()) not in mine


def test_unavailable_answers_are_cached_too(cache, tmp_path):
    root = module(tmp_path, {"p/a.go": "package p\n\nfunc F() int { return G() }\n\nfunc G() int { return 1 }\n",
                             "p/w.go": "//go:build windows\n\npackage p\n\nfunc W() { F() }\n"})
    a, w = Src(root / "p/a.go"), Src(root / "p/w.go")
    cache_dir = str(tmp_path / "answers")
    shutil.copytree(cache, cache_dir)
    files = {a.path: a.text, w.path: w.text}
    with TypesService(cache_dir=cache_dir) as service:
        service.ask(str(root / "p"), files, {a.path: [a.ident("F")], w.path: [w.ident("F()")]})
        # a new question about a.go checks the package again; w.go's row is rewritten
        got = service.ask(str(root / "p"), files, {a.path: [a.ident("G()")], w.path: [w.ident("F()")]})
        again = service.ask(str(root / "p"), files, {a.path: [a.ident("G()")], w.path: [w.ident("F()")]})
    assert (service.stats.packages_checked, service.stats.packages_cached) == (2, 1)
    assert got == again
    assert got[a.path][0].object == "func"
    assert isinstance(got[w.path][0], Unavailable) and got[w.path][0].cause == A.EXCLUDED


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline") as handle:
            return handle.read()
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def test_go_list_dies_with_a_killed_helper(cache, tmp_path):
    """The helper's go list gets a parent-death signal: a go list blocked on a FIFO named .go
    does not outlive a helper killed on its own (not through its process group)."""
    import threading
    import time
    root = module(tmp_path, {"p/a.go": SHADOWS})
    os.mkfifo(root / "p" / "b.go")
    src = Src(root / "p/a.go")
    service = TypesService(cache_dir=cache, use_cache=False, timeout=60)
    done = threading.Event()
    thread = threading.Thread(target=lambda: (ask(service, src, src.ident("len(nil)")),
                                              done.set()))
    thread.start()
    helper = go_list = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and go_list is None:
        helpers = [p for p in _children(os.getpid())
                   if "gotypes-" in _cmdline(p)]
        if helpers:
            helper = helpers[0]
            lists = [c for c in _children(helper)
                     if "list" in _cmdline(c)]
            go_list = lists[0] if lists else None
        time.sleep(0.05)
    assert helper is not None and go_list is not None, "the helper never ran go list"
    os.kill(helper, 9)
    thread.join(30)
    assert done.is_set()
    def running() -> bool:   # a zombie (dead, not yet reaped by init) does not count
        try:
            with open(f"/proc/{go_list}/stat") as handle:
                return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and running():
        time.sleep(0.05)
    alive = running()
    if alive:
        os.kill(go_list, 9)
    assert not alive, "go list outlived the helper"
    service.close()
