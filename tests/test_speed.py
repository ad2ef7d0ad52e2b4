"""The speed-ups change no result: planned queries (codemod/anchors.py) return what a
whole-tree query returns, on every golden input, on real Go files and on broken code."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import tree_sitter

from codemod import anchors, parsing

ROOT = Path(__file__).resolve().parent.parent
GOROOT_SRC = Path(subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True,
                                 check=True).stdout.strip()) / "src"

# Patterns like those the rules use, and one per keyword root and leaf kind.
PATTERNS = [f"({kind}) @x" for kind in anchors.KEYWORD_ROOTS] + [
    '((identifier) @x (#eq? @x "err"))',
    '((field_identifier) @x (#match? @x "^(Close|Unlock)$"))',
    '((type_identifier) @x (#any-of? @x "Mutex" "RWMutex"))',
    '((package_identifier) @x (#eq? @x "sync"))',
    '((label) @x (#match? @x "[Ll]oop"))',
    """((call_expression function: (selector_expression operand: (identifier) @t
       field: (field_identifier) @m)) @call (#eq? @m "Parallel"))""",
    """(defer_statement call: (call_expression function: (function_literal) @literal)) @defer
    (go_statement call: (call_expression function: (function_literal) @literal)) @go
    ((call_expression
       function: (selector_expression operand: (_) @receiver field: (field_identifier) @method)
       arguments: (arguments (function_literal) @literal)) @call
     (#match? @method "^(Go|Run)$"))""",
    """((defer_statement
       call: (call_expression
         function: (selector_expression operand: (_) @receiver field: (field_identifier) @method)
         arguments: (arguments) @args)) @defer
     (#match? @method "^R?(Lock|Unlock)$"))""",
    """((call_expression function: (identifier) @name arguments: (arguments) @args) @call
     (#eq? @name "recover"))""",
    """(for_statement body: (block (defer_statement) @d)) @loop""",
]


def plain(pattern: str, node: tree_sitter.Node):
    cursor = tree_sitter.QueryCursor(parsing.query(pattern))
    found = cursor.matches(node)
    found.sort(key=parsing._match_order)
    matches = [caps for _, caps in found]
    captures = {name: sorted(nodes, key=lambda n: (n.start_byte, -n.end_byte))
                for name, nodes in tree_sitter.QueryCursor(parsing.query(pattern))
                .captures(node).items()}
    return shape_m(matches), shape_c(captures)


def shape_m(matches):
    return [sorted((k, [(n.start_byte, n.end_byte, n.type) for n in v]) for k, v in m.items())
            for m in matches]


def shape_c(captures):
    return sorted((k, [(n.start_byte, n.end_byte, n.type) for n in v])
                  for k, v in captures.items())


def compare_on(src: bytes) -> int:
    tree = parsing.parse(src)
    nodes = [tree.root_node] + [c for c in tree.root_node.children
                                if c.type in ("function_declaration", "method_declaration")]
    checked = 0
    for pattern in PATTERNS:
        for node in nodes[:6]:
            planned = shape_m(parsing.matches(pattern, node)), \
                shape_c(parsing.captures(pattern, node))
            assert planned == plain(pattern, node), pattern
            checked += 1
    return checked


def test_every_pattern_here_is_planned():
    for pattern in PATTERNS:
        assert anchors.plan(pattern, parsing.query(pattern)) is not None, pattern


def test_planned_equals_plain_on_golden_inputs():
    inputs = sorted(ROOT.glob("golden/*/*/input.go")) + sorted(ROOT.glob("golden/*/*/want.go"))
    assert inputs
    assert sum(compare_on(path.read_bytes()) for path in inputs) > 0


@pytest.mark.parametrize("package", ["sync", "net/http", "os/exec", "testing", "database/sql"])
def test_planned_equals_plain_on_the_standard_library(package):
    files = sorted((GOROOT_SRC / package).glob("*.go"))
    assert files
    for path in files:
        compare_on(path.read_bytes())


def test_broken_code_runs_the_plain_query():
    src = b"package p\nfunc f() {\n\tfor {\n\t\tdefer g(\n\t}\n}\nfunc h() { defer x() }\n"
    tree = parsing.parse(src)
    assert tree.root_node.has_error
    plan = anchors.plan("(defer_statement) @x", parsing.query("(defer_statement) @x"))
    assert anchors.roots(plan, tree.root_node) is None
    compare_on(src)


def test_keyword_roots_start_with_their_keyword():
    """The table is only right if every node of the kind begins with the keyword token."""
    seen = set()
    for path in sorted((GOROOT_SRC / "net" / "http").glob("*.go"))[:40]:
        tree = parsing.parse(path.read_bytes())
        for kind, keyword in anchors.KEYWORD_ROOTS.items():
            for node in tree_sitter.QueryCursor(parsing.query(f"({kind}) @x")) \
                    .captures(tree.root_node).get("x", []):
                assert node.children[0].type == keyword.decode(), (kind, path)
                seen.add(kind)
    assert {"defer_statement", "go_statement", "for_statement", "function_literal"} <= seen


def test_leaf_kinds_have_no_children():
    tree = parsing.parse((GOROOT_SRC / "sync" / "mutex.go").read_bytes())
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type in anchors.LEAF_KINDS:
            assert node.child_count == 0
        stack.extend(node.children)


@pytest.mark.parametrize("pattern", [
    "(call_expression) @c",                                   # no anchor
    '((identifier) @x (#not-eq? @x "err"))',                  # negative predicate
    '((call_expression function: (identifier)? @f) @c (#eq? @f "recover"))',  # optional
    '((call_expression [(identifier) @f (selector_expression)]) @c (#eq? @f "x"))',
    '((identifier) @x (#match? @x "(?i)err"))',               # case-insensitive
    '((identifier) @x (#match? @x "e.r"))',                   # no literal of two bytes
    "(_) @x",
    "((comment) @c . (defer_statement) @d)",                  # sibling patterns
])
def test_unplannable_queries_run_plain(pattern):
    plan = anchors.plan(pattern, parsing.query(pattern))
    if plan is not None:   # a literal may still be found ("e" and "r" are one byte each)
        assert all(len(n) >= 1 for a in plan for n in a.needles)
    src = (GOROOT_SRC / "sync" / "once.go").read_bytes()
    tree = parsing.parse(src)
    assert shape_m(parsing.matches(pattern, tree.root_node)) == plain(pattern, tree.root_node)[0]


@pytest.mark.parametrize("regex, factors", [
    ("^R?(Lock|Unlock)$", {"Lock", "Unlock"}),
    ("^(Go|Run)$", {"Go", "Run"}),
    ("Close$", {"Close"}),
    ("^(Close|Stop)[A-Z]?", {"Close", "Stop"}),
    ("x*", None),
    ("(?i)close", None),
    ("a|.", None),
])
def test_regex_factors(regex, factors):
    assert anchors._regex_factors(regex) == factors
    if factors:
        for text in ("Lock", "RUnlock", "Go", "Close", "CloseX", "StopA", "xClose"):
            if re.search(regex, text):
                assert any(f in text for f in factors)


# --- verification at scale -------------------------------------------------------------------

LOCKS = """package {name}

import "sync"

var mu, other sync.Mutex

func A() {{
	mu.Lock()
	defer mu.Lock()
}}

func B() {{
	other.Lock()
	defer other.Lock()
}}
"""


def test_a_hundred_fixes_in_fifty_packages_take_one_vet_per_module(tmp_path):
    """Issue 7, item 3 and issue 13: the diff is vetted once with the overlay for the whole
    module, not once per package, and with no diagnostic no baseline is needed; the time is
    reported apart."""
    from codemod.runner import Options, run
    root = tmp_path / "mod"
    root.mkdir()
    (root / "go.mod").write_text("module example.com/many\n\ngo 1.22\n")
    for number in range(50):
        package = root / f"p{number:02d}"
        package.mkdir()
        (package / "locks.go").write_text(LOCKS.format(name=f"p{number:02d}"))
    result = run(Options(paths=[str(root)], select=["deferred-lock"]))
    assert sum(len(change.applied) for change in result.changes) == 100
    assert len(result.changes) == 50 and not result.rejected
    assert result.vet_invocations == 1 and result.baseline_invocations == 0
    assert "verify" in result.timings


# --- every skipped file is recorded (issue 7, item 5) ------------------------------------------

def test_skipped_files_are_counted_and_listed(tmp_path):
    from click.testing import CliRunner
    from codemod.cli import main
    root = tmp_path / "mod"
    root.mkdir()
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "gen.go").write_text("// Code generated by hand. DO NOT EDIT.\n\npackage p\n\n"
                                 "func G() { defer println() }\n")
    (root / "broken.go").write_text("package p\n\nfunc B() {\n\tdefer println(\n}\n\n"
                                    "func C() { defer println() }\n")
    (root / "gone.go").symlink_to(root / "missing.go")
    (root / "plain.go").write_text("package p\n\nfunc P() {}\n")
    runner = CliRunner()
    quiet = runner.invoke(main, ["check", "--no-cache", str(root)])
    assert "3 file(s) not analysed in full (1 cannot read, 1 generated, 1 syntax error); " \
           "--verbose lists them" in quiet.stderr
    loud = runner.invoke(main, ["check", "--no-cache", "-v", str(root)])
    lines = [line for line in loud.stderr.splitlines() if ": skipped: " in line]
    assert len(lines) == 3, loud.stderr
    assert any(line.endswith("gen.go: skipped: generated (--include-generated analyses it)")
               for line in lines)
    assert any("broken.go: skipped: syntax error: declaration(s) at line 3 skipped" in line
               for line in lines)
    assert any("gone.go: skipped: cannot read" in line for line in lines)
    assert "plain.go" not in loud.stderr   # no defer: nothing to find, not a skip


def test_a_rules_prefilter_admits_every_file_it_finds_something_in():
    """The byte prefilter (analyze._wanted) sees only the selected rules: a rule whose
    needles miss a file it has a finding in finds it only when another rule's needle lets
    the file in (missing-close in a file of package http itself was). Every golden input,
    for every rule its expected findings name."""
    from codemod import registry
    from codemod.analyze import _wanted
    by_id = {t.rule.id: t for t in registry.all_transforms()}
    finding = re.compile(r"^\d+:\d+: ([a-z-]+): ", re.M)
    checked = 0
    for expected in sorted((ROOT / "golden").glob("*/*/findings.txt")):
        source = expected.parent / "input.go"
        if not source.exists():
            continue
        src = source.read_bytes()
        for rule in set(finding.findall(expected.read_text())):
            assert _wanted(src, [by_id[rule]]), f"{rule} would skip {source}"
            checked += 1
    assert checked > 250
