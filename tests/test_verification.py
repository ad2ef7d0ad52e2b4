"""Verification with the real go toolchain: what it keeps, what it counts, what it costs.

Each test here failed before the verifier matched vet's diagnostics by what they are, shared
identical edits, cut the document's fixes from the verified text, coped with a user's
GOFLAGS under a go.work, counted unverified fixes and ran the baseline only when needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codemod.runner import Options, run
from codemod.verify import go_env


# Every test here runs the Go toolchain (`pytest --no-go` skips them).
pytestmark = pytest.mark.go

LOCK_AND_PRINTF = """\
package p

import (
	"fmt"
	"sync"
)

var mu sync.Mutex

func F() {
	mu.Lock()
	defer mu.Lock()
	fmt.Printf("%d\\n", "x")
}
"""

TWO_SUBTESTS = """\
package p

import "testing"

func TestX(t *testing.T) {
	cases := []struct{ name string }{{"a"}, {"b"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_ = tc.name
		})
		t.Run(tc.name+"/again", func(t *testing.T) {
			t.Parallel()
			_ = tc.name
		})
	}
}
"""

# Two defers of one loop body (one scoped block for both), and a lock bug elsewhere.
SHARED_LOOP = """\
package p

import (
	"os"
	"sync"
)

var mu sync.Mutex

func Sizes(names []string) (int64, error) {
	var total int64
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		g, err := os.Open(name + ".bak")
		if err != nil {
			return 0, err
		}
		defer g.Close()
		st, err := f.Stat()
		if err != nil {
			return 0, err
		}
		bak, err := g.Stat()
		if err != nil {
			return 0, err
		}
		total += st.Size() + bak.Size()
	}
	return total, nil
}

func Locked() {
	mu.Lock()
	defer mu.Lock()
}
"""


def make_module(root: Path, files: dict[str, str], go: str = "1.22",
                module: str = "example.com/p") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text(f"module {module}\n\ngo {go}\n")
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def deferfix(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "codemod.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def test_a_fix_in_a_file_with_a_vet_diagnostic_survives_repeated_runs(tmp_path):
    # go vet replays its cached result on the second run, positions naming the first run's
    # overlay file: the fix used to be rejected from then on, and apply wrote nothing.
    root = make_module(tmp_path / "m", {"a.go": LOCK_AND_PRINTF}, go="1.21")
    for attempt in range(3):
        proc = deferfix("diff", "--no-cache", ".", cwd=root)
        assert proc.returncode == 1, (attempt, proc.stderr)
        assert "+\tdefer mu.Unlock()" in proc.stdout, (attempt, proc.stderr)
        assert "rejected" not in proc.stderr.split("deferfix:")[0], proc.stderr
        assert "1 fix in the diff, 0 rejected" in proc.stderr
    proc = deferfix("apply", ".", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "defer mu.Unlock()" in (root / "a.go").read_text()
    assert "%d" in (root / "a.go").read_text()  # the diagnostic is not ours to fix


def test_a_new_diagnostic_in_the_fixed_file_still_rejects(tmp_path):
    # Matching by content must not let a diagnostic a fix adds through, on any run: the
    # test rule turns `defer bad()` into a bad Printf, next to a pre-existing one.
    root = make_module(tmp_path / "m", {"a.go": (
        'package p\n\nimport "fmt"\n\nfunc bad() {}\nfunc a()   {}\nfunc b()   {}\n\n'
        'func F() {\n\tdefer bad()\n\tdefer a()\n\tfmt.Printf("%d\\n", "x")\n}\n')})
    options = Options(paths=[str(root)], transforms=["engine_rules:selective"], jobs=1)
    for _ in range(3):
        result = run(options)
        assert [r.reason for r in result.rejected] == [
            'go vet: printf: fmt.Printf format %d has arg "x" of wrong type string']
        (change,) = result.changes
        assert b"defer b()" in change.new and b"defer bad()" in change.new


def test_two_closures_that_need_one_copy_get_one_copy(tmp_path):
    root = make_module(tmp_path / "m", {"x_test.go": TWO_SUBTESTS}, go="1.21")
    proc = deferfix("diff", "--no-cache", ".", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.count("+\t\ttc := tc") == 1, proc.stdout
    assert "2 fixes in the diff, 0 rejected" in proc.stderr, proc.stderr
    assert deferfix("apply", ".", cwd=root).returncode == 0
    text = (root / "x_test.go").read_text()
    assert text.count("tc := tc") == 1
    assert subprocess.run(["go", "vet", "./..."], cwd=root, env=go_env(),
                          capture_output=True).returncode == 0
    # The rule no longer finds anything: both closures capture the copy.
    assert deferfix("check", ".", cwd=root).returncode == 0


def _apply_edits(src: bytes, edits: list[dict]) -> bytes:
    for edit in sorted(edits, key=lambda e: -e["start"]):
        src = src[:edit["start"]] + edit["replacement"].encode() + src[edit["end"]:]
    return src


def test_document_fixes_never_overlap_and_rebuild_what_apply_writes(tmp_path):
    root = make_module(tmp_path / "m", {"a.go": SHARED_LOOP})
    original = (root / "a.go").read_bytes()
    proc = deferfix("diff", "--format", "json", "--no-cache", ".", cwd=root)
    payload = json.loads(proc.stdout)
    fixes = payload["fixes"]
    loop_findings = [f for f in payload["findings"] if f["rule"] == "defer-in-loop"]
    assert len(loop_findings) == 2 and len(fixes) == 2, payload
    # Both defers of the loop refer to one fix; the lock bug has its own.
    assert loop_findings[0]["fix_id"] == loop_findings[1]["fix_id"] is not None
    spans = sorted((e["start"], e["end"]) for f in fixes for e in f["edits"])
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
    assert all(f["verification"] == "go vet" for f in fixes)
    rebuilt = _apply_edits(original, [e for f in fixes for e in f["edits"]])
    sarif = json.loads(deferfix("diff", "--format", "sarif", "--no-cache", ".", cwd=root).stdout)
    carried = [fix for r in sarif["runs"][0]["results"] for fix in r.get("fixes", [])]
    assert len(carried) == 2   # the shared fix is carried once
    sarif_edits = []
    for fix in carried:
        for replacement in fix["artifactChanges"][0]["replacements"]:
            region = replacement["deletedRegion"]
            sarif_edits.append({"start": region["byteOffset"],
                                "end": region["byteOffset"] + region["byteLength"],
                                "replacement": replacement.get("insertedContent",
                                                               {}).get("text", "")})
    assert _apply_edits(original, sarif_edits) == rebuilt
    # check's document carries the same fixes, marked as not verified.
    checked = json.loads(deferfix("check", "--format", "json", "--no-cache", ".",
                                  cwd=root).stdout)
    assert [f["edits"] for f in checked["fixes"]] == [f["edits"] for f in fixes]
    assert {f["verification"] for f in checked["fixes"]} == {"none"}
    assert deferfix("apply", ".", cwd=root).returncode == 0
    assert (root / "a.go").read_bytes() == rebuilt


def test_a_module_under_a_go_work_is_vetted_whatever_goflags_says(tmp_path):
    workspace = tmp_path / "ws"
    make_module(workspace / "m", {"a.go": LOCK_AND_PRINTF.replace(
        '\tfmt.Printf("%d\\n", "x")\n', "").replace('\t"fmt"\n', "")})
    (workspace / "go.work").write_text("go 1.22\n\nuse ./m\n")
    proc = deferfix("diff", "--format", "json", "--no-cache", ".", cwd=workspace,
                    env={"GOFLAGS": "-mod=mod"})
    fixes = json.loads(proc.stdout)["fixes"]
    assert [(f["verification"], f["unverified"]) for f in fixes] == [("go vet", "")], \
        json.loads(proc.stdout)["notes"]
    assert "unverified" not in proc.stderr


def test_an_unvettable_module_counts_its_fixes_as_unverified(tmp_path):
    lock_only = LOCK_AND_PRINTF.replace('\tfmt.Printf("%d\\n", "x")\n', "") \
        .replace('\t"fmt"\n', "")
    newer = make_module(tmp_path / "newer", {"a.go": lock_only}, go="1.99")
    proc = deferfix("diff", "--no-cache", ".", cwd=newer)
    assert proc.returncode == 1 and "+\tdefer mu.Unlock()" in proc.stdout
    assert "1 unverified (gofmt only" in proc.stderr, proc.stderr
    assert "requires go >= 1.99" in proc.stderr
    payload = json.loads(deferfix("diff", "--format", "json", "--no-cache", ".",
                                  cwd=newer).stdout)
    assert payload["summary"]["fixes"]["unverified"] == 1
    assert payload["fixes"][0]["verification"] == "gofmt"
    refused = deferfix("diff", "--require-vet", "--no-cache", ".", cwd=newer)
    assert refused.returncode == 0 and refused.stdout == ""
    assert "--require-vet" in refused.stderr and "1 rejected" in refused.stderr
    assert deferfix("apply", "--require-vet", ".", cwd=newer).returncode == 1
    assert "defer mu.Lock()" in (newer / "a.go").read_text()
    # A broken go.mod: go's own reason is kept, not cut at its first line.
    broken = make_module(tmp_path / "broken", {"a.go": lock_only})
    (broken / "go.mod").write_text("module example.com/p\n\ngo 1.22\n\nfrobnicate x\n")
    proc = deferfix("diff", "-v", "--no-cache", ".", cwd=broken)
    assert "unknown directive: frobnicate" in proc.stderr, proc.stderr


def test_one_vet_run_when_nothing_is_reported(tmp_path):
    # The baseline (the originals) is vetted only for packages where the overlay run reports
    # something: a clean module costs one go vet.
    lock_only = LOCK_AND_PRINTF.replace('\tfmt.Printf("%d\\n", "x")\n', "") \
        .replace('\t"fmt"\n', "")
    root = make_module(tmp_path / "m", {"a.go": lock_only})
    (root / "q").mkdir()
    (root / "q" / "b.go").write_text(lock_only.replace("package p", "package q"))
    result = run(Options(paths=[str(root)], jobs=1))
    assert len(result.changes) == 2 and not result.rejected
    assert (result.vet_invocations, result.baseline_invocations) == (1, 0)
    # With a diagnostic in one package, the baseline covers that package only.
    (root / "q" / "b.go").write_text(LOCK_AND_PRINTF.replace("package p", "package q"))
    result = run(Options(paths=[str(root)], jobs=1))
    assert len(result.changes) == 2 and not result.rejected
    assert (result.vet_invocations, result.baseline_invocations) == (2, 1)
