"""missing-close beyond its golden cases: the value is recognised by go/types (an alias of
sql.Rows is database/sql's, a wrapper's result is followed by its type), a closer helper in
another file of the package counts as a close, without types the finding is report-only and
says why, a file with no `defer` at all is still looked at, and a file with nothing that
could be one of these values asks go/types nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codemod.runner import Options, run
from test_gotypes import module

pytestmark = pytest.mark.go


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "mc-cache"))


def _run(root: Path, **options) -> list[tuple[str, int, str, str]]:
    result = run(Options(paths=[str(root)], fix=False, jobs=1, select=["missing-close"],
                         **options))
    assert not result.errors, result.errors
    return [(Path(f.path).name, f.line, f.fix.applicability.value, f.fix.reason)
            for f in result.findings]


LEAK = """package p

import "database/sql"

type Rows = sql.Rows

func open(db *sql.DB) (*Rows, error) { return db.Query("SELECT 1") }

func first(db *sql.DB) (int, error) {
	r, err := open(db)
	if err != nil {
		return 0, err
	}
	for r.Next() {
		return 1, nil
	}
	return 0, r.Err()
}

func second(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return 0, err
	}
	if rows.Next() {
		return 1, nil
	}
	return 0, rows.Err()
}
"""


def test_recognised_by_type_through_an_alias_and_a_wrapper(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": LEAK})
    found = _run(root)
    assert [(line, level) for _, line, level, _ in found] == [(10, "unsafe"), (21, "safe")]
    assert "open is not a function of the standard library" in found[0][3]


def test_without_types_report_only_and_why(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": LEAK})
    found = _run(root, types=False)
    # `open` says nothing by its name: only db.Query is a finding without types.
    assert [(line, level) for _, line, level, _ in found] == [(21, "none")]
    assert found[0][3].startswith("types were not available")


CLOSER = """package p

import "database/sql"

func done(rows *sql.Rows) {
	if rows.Next() {
		rows.Close()
		return
	}
}
"""


def test_a_closer_helper_in_another_file_counts_as_a_close(tmp_path):
    second = LEAK.split("func second")[1]
    user = ("package p\n\nimport \"database/sql\"\n\nfunc second" + second) \
        .replace("\tif rows.Next() {\n\t\treturn 1, nil\n\t}\n",
                 "\tif rows.Next() {\n\t\tdone(rows)\n\t\treturn 1, nil\n\t}\n")
    root = module(tmp_path / "m", {"p/a.go": user, "p/closer.go": CLOSER})
    assert _run(root) == []
    # A helper that leaves them open on a path (Next true, no Close) is no close.
    leaky = CLOSER.replace("\t\trows.Close()\n", "")
    (root / "p/closer.go").write_text(leaky)
    assert [(name, line) for name, line, _, _ in _run(root)] == [("a.go", 6)]


NO_DEFER = """package p

import "net/http"

func status(url string) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func proto(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	return resp.Status[:3] + resp.Proto, nil
}
"""


def test_a_file_without_defer_is_looked_at(tmp_path):
    root = module(tmp_path / "m", {"p/a.go": NO_DEFER})
    # What is returned is an int, a string: not the response (go/types says so).
    assert [(line, level) for _, line, level, _ in _run(root)] == [(6, "safe"), (14, "safe")]


INSIDE_HTTP = """package http

import (
	"fmt"
	"io"
)

type Response struct{ Body io.ReadCloser }

func ReadResponse(r io.Reader) (*Response, error) { return &Response{io.NopCloser(r)}, nil }

func first(r io.Reader) (int, error) {
	res, err := ReadResponse(r)
	if err != nil {
		return 0, err
	}
	buf := make([]byte, 1)
	return res.Body.Read(buf)
}

func other() { defer fmt.Println() }
"""


def test_a_rule_alone_finds_what_it_finds_among_all(tmp_path):
    """A file of package http itself (net/http's internal tests) names neither "net/http"
    nor "http.": the rule's byte prefilter still lets it in, so --select missing-close finds
    what the run of every rule finds (it was skipped as 'no defer' when selected alone)."""
    root = module(tmp_path / "m", {"http/a.go": INSIDE_HTTP})
    alone = _run(root, types=False)
    every = run(Options(paths=[str(root)], fix=False, jobs=1, types=False))
    assert [(Path(f.path).name, f.line, f.fix.applicability.value, f.fix.reason)
            for f in every.findings if f.rule == "missing-close"] == alone
    assert [(line, level) for _, line, level, _ in alone] == [(13, "none")]


def test_nothing_worth_a_question_asks_nothing(tmp_path):
    files = """package p

import "os"

func size(name string) (int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return info.Size(), f.Close()
}
"""
    root = module(tmp_path / "m", {"p/a.go": files})
    result = run(Options(paths=[str(root)], fix=False, jobs=1, select=["missing-close"]))
    assert result.findings == [] and result.types.questions == 0


HANDED = """package p

import (
	"bufio"
	"database/sql"
	"net/http"

	"example.com/m/lib"
)

func keep(db *sql.DB, x bool) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	if x {
		return nil
	}
	lib.Keep(rows)
	return nil
}

func read(r *bufio.Reader) (int, error) {
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
"""


def test_unsafe_when_code_not_followed_gets_it_or_close_may_block(tmp_path):
    root = module(tmp_path / "m", {
        "p/a.go": HANDED,
        "lib/lib.go": "package lib\n\nimport \"database/sql\"\n\nvar Kept *sql.Rows\n\n"
                      "func Keep(r *sql.Rows) { Kept = r }\n"})
    found = _run(root / "p")
    assert [(line, level) for _, line, level, _ in found] == [(12, "unsafe"), (24, "unsafe")]
    assert "rows is passed to lib.Keep (line 19) of example.com/m/lib" in found[0][3]
    assert "net/http.ReadResponse is not a client's or transport's call" in found[1][3]
