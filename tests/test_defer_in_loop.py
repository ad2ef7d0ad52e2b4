"""defer-in-loop beyond the golden harness: the unsafe fixes under go vet and go build,
gofmt-clean rewrites without the engine's help, and the control-flow analysis on its own.

- Every golden input, rewritten with every fix including the unsafe ones and with go vet
  verification switched off (so nothing is filtered), still passes `go vet` and `go build`
  (all cases in one go vet and one go build per `go` line, tests/goprograms.py).
- The golden cases' findings.txt pins the applicability and the reason of each finding.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod import parsing
from codemod.analysis import controlflow, types
from codemod.cli import main
from codemod.context import FileContext
from codemod.edits import apply_edits, choose_compatible, unique_edits
from codemod.goversion import parse_version
from goprograms import Packages, go_line
from test_golden import siblings
from transforms import defer_in_loop

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "defer-in-loop"
CASES = sorted(p for p in GOLDEN.iterdir() if (p / "input.go").is_file())
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
GO_ENV = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod")


def _check_json(path: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["check", "--select", "defer-in-loop", "--format", "json",
                                       "--jobs", "1", "--no-cache", *extra, str(path)])
    return json.loads(result.stdout)


def test_enough_golden_cases() -> None:
    names = [c.name for c in CASES]
    assert len(names) >= 25
    for needed in ("range-over-map", "range-over-channel", "range-over-int", "range-over-func",
                   "labelled-continue-outer", "labelled-break-outer", "goto-out-of-body",
                   "lock-unlock-deadlock", "multiple-defers-in-one-body",
                   "negative-defer-inside-per-iteration-literal",
                   "negative-return-right-after-defer"):
        assert needed in names


@pytest.fixture(scope="session")
def unsafe_fixed(tmp_path_factory) -> tuple[Packages, dict[str, tuple[str, bool, bool]]]:
    """Every case with all its fixes applied (unsafe ones too, nothing verified): its package
    name among the session's packages, whether its text changed and whether check found a
    fix to apply. The cases are copied as one package each into a module per `go` line and
    checked with one `check` and fixed with one `apply` over all of them (go/types asked
    once per module): a defer-in-loop verdict reads only the case's own package."""
    packages = Packages(tmp_path_factory.mktemp("defer-in-loop-unsafe"))
    tree = tmp_path_factory.mktemp("defer-in-loop-cases")
    work = {}
    for case in CASES:
        line = go_line(case)
        module = tree / line.replace(" ", "").replace(".", "_")
        if not module.is_dir():
            module.mkdir()
            (module / "go.mod").write_text(f"module example.com/cases\n\n{line}\n")
        work[case.name] = module / case.name
        work[case.name].mkdir()
        shutil.copy(case / "input.go", work[case.name] / "main.go")
        for sibling in siblings(case):
            shutil.copy(sibling, work[case.name] / sibling.name)
    # What check finds in the copies (the golden directory also holds want.go, which
    # would be the same package to go/types).
    fixable = dict.fromkeys(work, False)
    for finding in _check_json(tree)["findings"]:
        fixable[Path(finding["path"]).parent.name] |= finding["fix"]["applicability"] != "none"
    result = CliRunner().invoke(main, ["apply", "--select", "defer-in-loop", "--unsafe-fixes",
                                       "--no-verify", "--format", "json", "--jobs", "1",
                                       "--no-cache", str(tree)])
    payload = json.loads(result.stdout)
    assert not payload["errors"] and not payload["rejected"], (payload["errors"],
                                                               payload["rejected"])
    fixed = {}
    for case in CASES:
        text = (work[case.name] / "main.go").read_bytes()
        files = {"main.go": text}
        files.update((s.name, (work[case.name] / s.name).read_bytes()) for s in siblings(case))
        fixed[case.name] = (packages.add(files, go_line(case)),
                            text != (case / "input.go").read_bytes(), fixable[case.name])
    return packages, fixed


@pytest.mark.go
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_unsafe_fixes_pass_go_vet_and_go_build(case: Path, unsafe_fixed) -> None:
    packages, fixed = unsafe_fixed
    name, changed, fixable = fixed[case.name]
    assert changed == fixable
    assert packages.problems(name) == ""


def _first_pass(src: bytes, version: str = "1.22") -> bytes:
    ctx = FileContext("input.go", src, parse_version(version))
    chosen = choose_compatible([f for f in defer_in_loop.find(ctx)
                                if f.fix is not None and f.fix.edits])
    return apply_edits(src, unique_edits(e for f in chosen for e in f.fix.edits))


def test_rewrites_are_gofmt_clean_without_the_engine(tmp_path: Path) -> None:
    """The engine would gofmt a fix, but the rewrite is already formatted as gofmt wants."""
    written = []
    for case in CASES:
        src = (case / "input.go").read_bytes()
        if b"\r\n" in src:
            continue
        new = _first_pass(src)
        if new != src:
            path = tmp_path / f"{case.name}.go"
            path.write_bytes(new)
            written.append(str(path))
    assert len(written) >= 25
    proc = subprocess.run(["gofmt", "-l", *written], capture_output=True, text=True)
    assert proc.stdout == "" and proc.stderr == ""


def test_crlf_file_keeps_crlf() -> None:
    want = (GOLDEN / "crlf-line-endings-kept" / "want.go").read_bytes()
    assert want.count(b"\n") == want.count(b"\r\n")
    assert b"func() {\r\n" in want


# --- the control-flow analysis on its own -------------------------------------------------

def _loop_and_defer(src: bytes):
    tree = parsing.parse(src)
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "defer_statement":
            loop = parsing.enclosing_loops(node)[0]
            return controlflow.Flow(parsing.enclosing_function(loop), src), loop, node
        stack.extend(reversed(node.children))
    raise AssertionError("no defer")


def _function(body: str) -> bytes:
    return f"package p\n\nfunc f(xs []int, ch chan int) (int, error) {{\n{body}\n}}\n".encode()


@pytest.mark.parametrize("body, reaches", [
    ("for _, x := range xs {\n\tdefer g(x)\n\treturn x, nil\n}\nreturn 0, nil", False),
    ("for _, x := range xs {\n\tdefer g(x)\n\tbreak\n}\nreturn 0, nil", False),
    ("for _, x := range xs {\n\tdefer g(x)\n\tif x > 1 {\n\t\treturn x, nil\n\t}\n}\n"
     "return 0, nil", True),
    ("for _, x := range xs {\n\tdefer g(x)\n\tif x > 1 {\n\t\treturn x, nil\n\t} else {\n"
     "\t\tbreak\n\t}\n}\nreturn 0, nil", False),
    ("for _, x := range xs {\n\tdefer g(x)\n\tswitch x {\n\tcase 1:\n\t\treturn 1, nil\n"
     "\tdefault:\n\t\tpanic(x)\n\t}\n}\nreturn 0, nil", False),
    ("for _, x := range xs {\n\tdefer g(x)\n\tswitch x {\n\tcase 1:\n\t\tbreak\n"
     "\tdefault:\n\t\treturn 0, nil\n\t}\n}\nreturn 0, nil", True),   # break leaves the switch
    ("for _, x := range xs {\n\tif x > 0 {\n\t\tdefer g(x)\n\t\tcontinue\n\t}\n"
     "\treturn 0, nil\n}\nreturn 0, nil", True),
    ("for _, x := range xs {\n\tif x > 0 {\n\t\tdefer g(x)\n\t}\n\treturn 0, nil\n}\n"
     "return 0, nil", False),                                          # after the if: return
    ("for _, x := range xs {\n\tdefer g(x)\n\tselect {\n\tcase <-ch:\n\t\treturn 0, nil\n"
     "\t}\n}\nreturn 0, nil", False),
    ("for _, x := range xs {\n\tdefer g(x)\n\tfor {\n\t}\n}\nreturn 0, nil", False),
])
def test_may_reach_next_iteration(body: str, reaches: bool) -> None:
    flow, loop, defer_stmt = _loop_and_defer(_function(body))
    assert flow.may_reach_next_iteration(defer_stmt, loop) is reaches


@pytest.mark.parametrize("body, has_exit", [
    ("for {\n\tdefer g()\n}", False),
    ("for ;; {\n\tdefer g()\n\tselect {\n\tcase <-ch:\n\t\tbreak\n\t}\n}", False),
    ("for {\n\tdefer g()\n\tif h() {\n\t\tbreak\n\t}\n}", True),
    ("for {\n\tdefer g()\n\tif h() {\n\t\treturn 0, nil\n\t}\n}", True),
    ("for i := 0; i < 3; i++ {\n\tdefer g()\n}", True),
    ("for range ch {\n\tdefer g()\n}", True),
])
def test_loop_has_exit(body: str, has_exit: bool) -> None:
    flow, loop, _ = _loop_and_defer(_function(body + "\nreturn 0, nil"))
    assert controlflow.loop_has_exit(flow, loop) is has_exit


@pytest.mark.parametrize("type_text, zero", [
    ("int", "0"), ("float64", "0"), ("string", '""'), ("bool", "false"), ("error", "nil"),
    ("*T", "nil"), ("[]byte", "nil"), ("map[string]int", "nil"), ("chan int", "nil"),
    ("func()", "nil"), ("any", "nil"), ("struct{}", "struct{}{}"), ("[2]int", "[2]int{}"),
    ("Local", "Local{}"), ("Count", "0"), ("Conn", "nil"), ("net.Conn", "nil"),
    ("pkg.Remote", "*new(pkg.Remote)"),
])
def test_zero_value(type_text: str, zero: str) -> None:
    src = b"package p\n\ntype Local struct{ a int }\n\ntype Count int\n\ntype Conn interface{}\n"
    defined = types.file_types(parsing.parse(src).root_node, src)
    assert types.zero_value(type_text, defined) == zero


def test_a_body_on_one_line_is_laid_out_one_statement_per_line() -> None:
    src = (b"package p\n\nfunc f(xs []string) {\n\tfor _, x := range xs { r := open(x); "
           b"defer r.Close() }\n}\n")
    new = _first_pass(src)
    assert b"\t\tfunc() {\n\t\t\tr := open(x)\n\t\t\tdefer r.Close()\n\t\t}()\n\t}\n" in new
    assert b"\t\tr := open(x)" not in new.replace(b"\t\t\tr := open(x)", b"")


def test_label_kept_while_something_outside_the_body_uses_it() -> None:
    src = (b"package p\n\nfunc f(xs []string) {\nloop:\n\tfor _, x := range xs {\n"
           b"\t\tr := open(x)\n\t\tdefer r.Close()\n\t\tif x == \"\" {\n\t\t\tcontinue loop\n"
           b"\t\t}\n\t}\n\tgoto loop\n}\n")
    new = _first_pass(src)
    assert b"loop:\n" in new and b"\t\t\t\treturn\n" in new


def test_unresolved_label_is_report_only() -> None:
    src = (b"package p\n\nfunc f(xs []string) {\n\tfor _, x := range xs {\n"
           b"\t\tr := open(x)\n\t\tdefer r.Close()\n\t\tif x == \"\" {\n\t\t\tbreak nowhere\n"
           b"\t\t}\n\t}\n}\n")
    ctx = FileContext("input.go", src, parse_version("1.22"))
    (finding,) = defer_in_loop.find(ctx)
    assert finding.fix.applicability == "none" and "label" in finding.fix.reason


# --- the README's before/after examples are the tool's output -----------------------------

# One per form of codemod.rewrite: plain, error, bool, bool+results (unnamed and named
# results), pair, control.
_README_EXAMPLES = [
    ('func f(names []string) {\n', """	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer r.Close()
		use(r)
	}
"""),
    ('func f(names []string) ([]int, error) {\n\tvar out []int\n', """	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		out = append(out, size(r))
	}
"""),
    ('func f(names []string) {\n', """	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			break
		}
		defer r.Close()
		use(r)
	}
"""),
    ('func f(names []string, want int) (string, int, error) {\n', """	for i, name := range names {
		r, err := acquire(name)
		if err != nil {
			return "", 0, err
		}
		defer r.Close()
		if r.size == want {
			return r.name, i, nil
		}
	}
"""),
    ('func f(names []string, want int) (index int, err error) {\n', """	for i, name := range names {
		r := mustAcquire(name)
		defer r.Close()
		if r.size == want {
			return i, nil
		}
		if r.broken {
			err = errBroken
			return
		}
	}
"""),
    ('func f(names []string) error {\n', """	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			return fmt.Errorf("open %s: %w", name, err)
		}
		defer r.Close()
		if r.last {
			break
		}
	}
"""),
    ('func f(groups [][]string) {\n', """outer:
	for _, group := range groups {
		for _, name := range group {
			r, err := acquire(name)
			if err != nil {
				continue outer
			}
			defer r.Close()
			if r.last {
				break
			}
		}
	}
"""),
]


def _side_by_side(head: str, loop: str) -> str:
    src = ("package p\n\n" + head + loop + "\treturn\n}\n").encode()
    new = _first_pass(src).decode()
    start = len("package p\n\n" + head)

    def spaces(lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            tabs = len(line) - len(line.lstrip("\t"))
            out.append("    " * (tabs - 1) + line.lstrip("\t") if tabs else line)
        return out

    before = spaces(loop.rstrip("\n").split("\n"))
    after = spaces(new[start:new.rindex("\treturn\n}")].rstrip("\n").split("\n"))
    width = max(len(line) for line in before) + 4
    rows = [((before[i] if i < len(before) else "").ljust(width)
             + (after[i] if i < len(after) else "")).rstrip()
            for i in range(max(len(before), len(after)))]
    return "\n".join(rows)


@pytest.mark.parametrize("index", range(len(_README_EXAMPLES)))
def test_readme_examples_are_the_tools_output(index: int) -> None:
    readme = (GOLDEN.parent.parent / "README.md").read_text()
    section = readme[readme.index("## defer-in-loop: the rewrites"):]
    assert "```go\n" + _side_by_side(*_README_EXAMPLES[index]) + "\n```" in section


@pytest.mark.parametrize("write, applicability", [
    ("f = nil", "safe"),            # a variable of the body: it dies with the iteration
    ("f.closed = true", "none"),    # through it, into whatever it points to
    ("closed++", "none"),           # a variable from outside the loop
])
def test_deferred_assignment_restores_state(write: str, applicability: str) -> None:
    src = (b"package p\n\nfunc f(names []string) {\n\tclosed := 0\n\tfor _, name := range names {\n"
           b"\t\tf := open(name)\n\t\tdefer func() {\n\t\t\tf.Close()\n\t\t\t"
           + write.encode() + b"\n\t\t}()\n\t\tuse(f)\n\t}\n\tuse(closed)\n}\n")
    ctx = FileContext("input.go", src, parse_version("1.22"))
    (finding,) = defer_in_loop.find(ctx)
    assert finding.fix.applicability == applicability, finding.fix.reason


@pytest.mark.parametrize("helper, applicability", [
    ("if p := recover(); p != nil {\n\t\tprintln(p)\n\t}", "none"),   # it stops the panic
    # A recover() of a nested literal never stops the panic the deferred call runs for.
    ("func() { _ = recover() }()", "safe"),
    ("defer func() { _ = recover() }()", "safe"),
])
def test_only_a_recover_the_deferred_function_calls_itself_counts(helper: str,
                                                                 applicability: str) -> None:
    src = (b"package p\n\ntype file struct{ name string }\n\nfunc open(name string) *file "
           b"{ return &file{name} }\n\nfunc (f *file) Close() {}\n\nfunc use(f *file) {}\n\n"
           b"func release(f *file) {\n\tf.Close()\n\t" + helper.encode()
           + b"\n}\n\nfunc f(names []string) {\n\tfor _, name := range names {\n"
           b"\t\tf := open(name)\n\t\tdefer release(f)\n\t\tuse(f)\n\t}\n}\n")
    ctx = FileContext("input.go", src, parse_version("1.22"))
    (finding,) = defer_in_loop.find(ctx)
    assert finding.fix.applicability == applicability, finding.fix.reason


@pytest.mark.parametrize("path, name", [("encoding/json", "json"), ("gopkg.in/yaml.v3", "yaml")])
def test_a_versioned_import_is_a_package_not_a_variable(path: str, name: str) -> None:
    # `gopkg.in/yaml.v3` is package yaml: yaml.NewDecoder is another package's function
    # (ctx.imports), not a method of a package-level variable that may keep the file.
    src = (b'package p\n\nimport (\n\t"os"\n\n\t"' + path.encode() + b'"\n)\n\n'
           b"func load(names []string, v any) error {\n\tfor _, name := range names {\n"
           b"\t\tf, err := os.Open(name)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n"
           b"\t\tdefer f.Close()\n\t\tif err := " + name.encode()
           + b".NewDecoder(f).Decode(v); err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n"
           b"\treturn nil\n}\n")
    ctx = FileContext("input.go", src, parse_version("1.22"))
    (finding,) = defer_in_loop.find(ctx)
    assert finding.fix.applicability == "safe", finding.fix.reason


# --- Lock/Unlock pairs by type -------------------------------------------------------------------

LOCK_TYPES = """package p

import "sync"

// seal counts: taking it again does not block, and Unlock only counts down.
type seal struct{ n int }

func (s *seal) Lock()   { s.n++ }
func (s *seal) Unlock() { s.n-- }

type guarded struct {
	sync.Mutex
	items []int
}

func work(int) {}

func Seal(s *seal, items []int) {
	for _, it := range items {
		s.Lock()
		defer s.Unlock()
		work(it)
	}
}

func Embedded(g *guarded) {
	for _, it := range g.items {
		g.Lock()
		defer g.Unlock()
		work(it)
	}
}

func Written(items []int) {
	var mu sync.Mutex
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock()
		work(it)
	}
}
"""


@pytest.mark.go
def test_lock_pairs_are_sync_locks_by_type(tmp_path, monkeypatch):
    """A Lock/Unlock pair is a sync lock's by go/types' callee, not by the method names: the
    seal's Lock does not block, so the deadlock argument fails and the pair is judged as any
    release of an outer value; an embedded sync.Mutex is one (its type is not written as
    sync). Without types only the written `sync.Mutex` settles it; the rest is never safe."""
    from test_gotypes import module
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path / "cache"))
    root = module(tmp_path / "m", {"p/p.go": LOCK_TYPES})

    def by_line(*flags):
        return {f["line"]: (f["fix"]["applicability"], f["fix"]["reason"])
                for f in _check_json(root, *flags)["findings"]}

    typed = by_line()
    assert typed[21][0] == "none" and "deadlock" not in typed[21][1], typed   # the seal
    assert typed[29][0] == "safe", typed                                        # embedded
    assert typed[38][0] == "safe", typed                                        # written
    fallback = by_line("--no-types")
    assert fallback[21][0] == "none" and fallback[29][0] == "none" \
        and fallback[38][0] == "safe", fallback
    assert "types were not available" in fallback[21][1] \
        and "types were not available" in fallback[29][1], fallback


# --- the error companion by type ----------------------------------------------------------------

COMPANION_USER = """package p

func Loop(names []string) *handle {
	for _, n := range names {
		f, logErr := pair(n)
		defer f.Close()
		defer logErr.Close()
		if n == "x" {
			return logErr
		}
		f.Use()
	}
	return nil
}
"""

COMPANION_PAIR = """package p

import "fmt"

type handle struct {
	name   string
	closed bool
}

func (h *handle) Close() { h.closed = true }
func (h *handle) Use()   { fmt.Println("use", h.name, h.closed) }

// pair opens a file and its log: the second result reads like an error, and is a handle.
func pair(n string) (*handle, *handle) { return &handle{name: n}, &handle{name: n + ".log"} }
"""


@pytest.mark.go
def test_a_companion_named_like_an_error_is_asked_of_go_types(tmp_path, monkeypatch):
    """logErr is a *handle (go/types; its type is written in another file): returned, it
    outlives the iteration, so closing it per iteration is no fix. By its name alone it was
    taken for the call's error, which holds nothing."""
    from test_gotypes import module
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path / "cache"))
    root = module(tmp_path / "m", {"p/a.go": COMPANION_USER, "p/pair.go": COMPANION_PAIR})
    findings = _check_json(root)["findings"]
    assert findings and all(f["fix"]["applicability"] == "none" for f in findings), findings
    assert any("logErr" in f["fix"]["reason"] for f in findings), findings
    fallback = _check_json(root, "--no-types")["findings"]
    assert fallback and all(f["fix"]["applicability"] != "safe" for f in fallback), fallback
    assert any("types were not available" in f["fix"]["reason"] for f in fallback), fallback
