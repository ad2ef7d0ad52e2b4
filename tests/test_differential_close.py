"""Differential soundness test of missing-close against the Go toolchain: every safe fix
leaves what the program prints unchanged apart from the leak.

Seeded generated programs (a *sql.Rows, *sql.Stmt or *sql.Conn from the fake database/sql
driver of golden/missing-close/_fake/fakedb.go, or an *http.Response from the loopback
server of fakehttp.go) run in several modes; each mode takes another path through the
function: an early return, a break out of the Next loop, an explicit Close, a hand-off to a
closer helper, a store in a package variable that main reads later (the value leaves: no
finding, and a deferred Close would break main's read). Each program prints its results, and
last a line `open: …` with what stayed open. The oracle, for the copy fixed by `deferfix
apply` (safe fixes only, verified by gofmt and go vet):

- every line but the `open:` line is the original's, and no count in it grows;
- a program with a safe fix leaves nothing open (the fix closes on every path);
- a program whose original leaks has a finding, unless the value leaves the function.

`python3 tests/test_differential_close.py N SEED` runs N programs per kind and prints them.
"""

from __future__ import annotations

import random
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from differential import build_driver, by_package, case_package, deferfix, run

pytestmark = pytest.mark.go

FAKE = Path(__file__).resolve().parent.parent / "golden" / "missing-close" / "_fake"
_OPEN = re.compile(r"^open: .*$", re.M)


@dataclass
class Program:
    name: str
    source: str
    prelude: str          # fakedb.go or fakehttp.go
    keeps: bool           # a mode stores the value where main reads it later


# --- the generator ----------------------------------------------------------------------------

_SQL_HEAD = """package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var _ = errors.New
var _ = context.Background

var kept VALUE_TYPE

// closeIt closes what it is handed, on every path.
func closeIt(v VALUE_TYPE) {
	if err := v.Close(); err != nil {
		fmt.Println("close:", err)
	}
}
"""

_OPENERS = {
    "rows": ("*sql.Rows", 'rows, err := db.Query("SELECT n FROM t")'),
    "stmt": ("*sql.Stmt", 'stmt, err := db.Prepare("SELECT n FROM t")'),
    "conn": ("*sql.Conn", "conn, err := db.Conn(context.Background())"),
}
# Statements before the loop: V is the value, each guarded by its mode.
_BEFORE = [
    "if mode == 1 {\n\t\treturn -1, nil\n\t}",
    "if mode == 1 {\n\t\tV.Close()\n\t\treturn -1, nil\n\t}",
    "if mode == 2 {\n\t\tcloseIt(V)\n\t\treturn -2, nil\n\t}",
    "if mode == 3 {\n\t\tkept = V\n\t\treturn -3, nil\n\t}",
    "if mode == 2 {\n\t\treturn -2, errors.New(\"refused\")\n\t}",
    "defer V.Close()",
]
# Statements in the loop over the rows (rows: the Next loop; otherwise three queries).
_IN_LOOP = [
    "if n == 2 && mode == 0 {\n\t\t\tbreak\n\t\t}",
    "if n == 2 && mode == 2 {\n\t\t\treturn n, nil\n\t\t}",
    "if n == 3 && mode == 1 {\n\t\t\tV.Close()\n\t\t\treturn n, nil\n\t\t}",
    "if n == 1 && mode == 3 {\n\t\t\tcontinue\n\t\t}",
]
_AFTER = ["V.Close()", "if mode == 1 {\n\t\treturn total, errors.New(\"late\")\n\t}",
          "if mode == 0 {\n\t\tcloseIt(V)\n\t}"]

_LOOPS = {
    "rows": "\tfor rows.Next() {\n\t\tvar n int64\n\t\tif err := rows.Scan(&n); err != nil {"
            "\n\t\t\treturn 0, err\n\t\t}\n\t\ttotal += n\n@IN@\t}\n",
    "stmt": "\tfor n := int64(1); n <= 3; n++ {\n\t\tif _, err := stmt.Exec(n); err != nil {"
            "\n\t\t\treturn 0, err\n\t\t}\n\t\ttotal += n\n@IN@\t}\n",
    "conn": "\tfor n := int64(1); n <= 3; n++ {\n\t\tif _, err := conn.ExecContext("
            "context.Background(), \"INSERT\", n); err != nil {\n\t\t\treturn 0, err\n\t\t}"
            "\n\t\ttotal += n\n@IN@\t}\n",
}
_READ_KEPT = {
    "rows": "\tif kept != nil {\n\t\tn := 0\n\t\tfor kept.Next() {\n\t\t\tn++\n\t\t}\n"
            "\t\tfmt.Println(\"kept rows:\", n, kept.Err())\n\t}\n",
    "stmt": "\tif kept != nil {\n\t\t_, err := kept.Exec(1)\n\t\tfmt.Println(\"kept stmt:\", err)"
            "\n\t\tkept.Close()\n\t}\n",
    "conn": "\tif kept != nil {\n\t\tfmt.Println(\"kept conn:\", kept.PingContext("
            "context.Background()))\n\t\tkept.Close()\n\t}\n",
}


def _lines(statements: list[str], indent: str = "\t") -> str:
    return "".join(f"{indent}{s}\n" for s in statements)


def sql_program(rng: random.Random, kind: str) -> tuple[str, bool]:
    value_type, opener = _OPENERS[kind]
    name = opener.split(",")[0]
    before = rng.sample(_BEFORE, rng.randint(0, 2))
    inside = rng.sample(_IN_LOOP, rng.randint(0, 2))
    after = rng.sample(_AFTER, rng.randint(0, 1))
    loop = _LOOPS[kind].replace("@IN@", _lines(inside, "\t\t"))
    body = (f"\t{opener}\n\tif err != nil {{\n\t\treturn 0, err\n\t}}\n" + _lines(before)
            + loop + _lines(after))
    if rng.random() < 0.3:
        # Made in a loop body: the fix runs the body in a func literal (defer-in-loop's).
        body = "\tfor round := 0; round < 2; round++ {\n" \
            + re.sub(r"(?m)^(?=.)", "\t", body) + "\t}\n\treturn total, nil\n"
    else:
        body += "\treturn total, rows.Err()\n" if kind == "rows" else "\treturn total, nil\n"
    body = "\tvar total int64\n" + body.replace("V.", f"{name}.").replace("(V)", f"({name})") \
        .replace("= V\n", f"= {name}\n")
    source = (_SQL_HEAD.replace("VALUE_TYPE", value_type)
              + "\nfunc use(db *sql.DB, mode int) (int64, error) {\n" + body + "}\n\n"
              "func main() {\n\tdb := openDB()\n\tfor mode := 0; mode < 4; mode++ {\n"
              "\t\tfmt.Println(use(db, mode))\n\t}\n" + _READ_KEPT[kind]
              + "\treport(db)\n}\n")
    return source, any("kept =" in s for s in before)


_HTTP_HEAD = """package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

var _ = errors.New
var _ = io.Discard

var kept *http.Response

// drain reads and closes a body, on every path.
func drain(body io.ReadCloser) {
	io.Copy(io.Discard, body)
	body.Close()
}
"""
_HTTP_STEPS = [
    "if resp.StatusCode != http.StatusOK {\n\t\treturn \"\", fmt.Errorf(\"status %d\", "
    "resp.StatusCode)\n\t}",
    "if mode == 1 {\n\t\tresp.Body.Close()\n\t\treturn \"closed\", nil\n\t}",
    "if mode == 2 {\n\t\tdrain(resp.Body)\n\t\treturn \"drained\", nil\n\t}",
    "if mode == 3 {\n\t\tkept = resp\n\t\treturn \"kept\", nil\n\t}",
    "if mode == 1 {\n\t\tio.Copy(io.Discard, resp.Body)\n\t\treturn \"copied\", nil\n\t}",
    "defer resp.Body.Close()",
]
_HTTP_ENDS = [
    "body, err := io.ReadAll(resp.Body)\n\treturn string(body), err",
    "body, err := io.ReadAll(resp.Body)\n\tresp.Body.Close()\n\treturn string(body), err",
    "return resp.Status[:3], nil",
]


def http_program(rng: random.Random) -> tuple[str, bool]:
    steps = rng.sample(_HTTP_STEPS, rng.randint(0, 3))
    end = rng.choice(_HTTP_ENDS)
    body = ("\tresp, err := client.Get(url)\n\tif err != nil {\n\t\treturn \"\", err\n\t}\n"
            + _lines(steps) + f"\t{end}\n")
    source = (_HTTP_HEAD + "\nfunc fetch(client *http.Client, url string, mode int) (string, "
              "error) {\n" + body + "}\n\nfunc main() {\n\tsrv, client := newServer()\n"
              "\tfor mode := 0; mode < 4; mode++ {\n\t\tfor _, path := range []string{\"/ok\", "
              "\"/missing\"} {\n\t\t\tfmt.Println(fetch(client, srv.URL+path, mode))\n\t\t}\n"
              "\t}\n\tif kept != nil {\n\t\tbody, err := io.ReadAll(kept.Body)\n"
              "\t\tfmt.Println(\"kept:\", string(body), err)\n\t\tkept.Body.Close()\n\t}\n"
              "\treportBodies()\n}\n")
    return source, any("kept =" in s for s in steps)


def programs(count: int, seed: int) -> list[Program]:
    rng = random.Random(seed)
    found = []
    for index in range(count):
        for kind in ("rows", "rows", "stmt", "conn"):
            source, keeps = sql_program(rng, kind)
            found.append(Program(f"mc_{kind}_{seed}_{index}_{len(found)}", source,
                                 "fakedb.go", keeps))
        source, keeps = http_program(rng)
        found.append(Program(f"mc_http_{seed}_{index}", source, "fakehttp.go", keeps))
    return found


# --- running them -----------------------------------------------------------------------------

@dataclass
class Outcome:
    program: Program
    findings: list[dict]
    orig: str
    fixed: str
    rejected: list[str]


def run_programs(batch: list[Program], work: Path) -> list[Outcome]:
    root = work / "m"
    root.mkdir(parents=True)
    (root / "go.mod").write_text("module m\n\ngo 1.22\n")
    for variant in ("orig", "fixed"):
        for program in batch:
            directory = root / variant / case_package(program.name)
            directory.mkdir(parents=True)
            (directory / "main.go").write_text(program.source)
            (directory / program.prelude).write_bytes((FAKE / program.prelude).read_bytes())
    findings, rejected = by_package(deferfix("apply", "missing-close", [root / "fixed"]))
    keys = [f"{v}/{case_package(p.name)}" for p in batch for v in ("orig", "fixed")]
    binary = build_driver(root, [(key, key) for key in keys])
    with ThreadPoolExecutor(max_workers=2) as pool:
        outputs = dict(zip(keys, pool.map(lambda key: run(binary, key, 30), keys)))
    return [Outcome(p, [f for f in findings.get(case_package(p.name), [])
                        if Path(f["path"]).name == "main.go"],
                    outputs[f"orig/{case_package(p.name)}"],
                    outputs[f"fixed/{case_package(p.name)}"],
                    rejected.get(case_package(p.name), [])) for p in batch]


def _counts(output: str) -> list[int]:
    found = _OPEN.search(output)
    return [int(n) for n in re.findall(r"\d+", found.group(0))] if found else []


def problems(outcome: Outcome) -> list[str]:
    result = [f"a fix failed verification: {r}" for r in outcome.rejected]
    orig, fixed = outcome.orig, outcome.fixed
    levels = [f["fix"]["applicability"] if f["fix"] else "none" for f in outcome.findings]
    if _OPEN.sub("", orig) != _OPEN.sub("", fixed):
        result.append(f"the safe fix changed more than the leak:\n  orig:  {orig!r}\n"
                      f"  fixed: {fixed!r}")
    before, after = _counts(orig), _counts(fixed)
    if not before or len(before) != len(after) or any(a > b for a, b in zip(after, before)):
        result.append(f"open counts {before} -> {after}")
    if "safe" in levels and any(after):
        result.append(f"a safe fix left something open: {after}")
    if any(before) and not outcome.findings and not outcome.program.keeps:
        result.append(f"the original leaks ({before}) and there is no finding")
    return result


SEED_BATCH = 6       # programs per kind in the test: 30 programs, one build


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    return run_programs(programs(SEED_BATCH, seed=19), tmp_path_factory.mktemp("close"))


def test_safe_fixes_only_close_what_leaked(outcomes: list[Outcome]) -> None:
    failures = [f"{o.program.name}: {p}\n{o.program.source}" for o in outcomes
                for p in problems(o)]
    assert not failures, "\n".join(failures)


def test_the_batch_reaches_safe_fixes_and_leaks(outcomes: list[Outcome]) -> None:
    safe = sum(any(f["fix"] and f["fix"]["applicability"] == "safe" for f in o.findings)
               for o in outcomes)
    leaking = sum(any(_counts(o.orig)) for o in outcomes)
    assert safe >= len(outcomes) // 4 and leaking >= len(outcomes) // 3, (safe, leaking)


if __name__ == "__main__":
    import tempfile

    count, seed = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (SEED_BATCH, 19)
    with tempfile.TemporaryDirectory() as tmp:
        runs = run_programs(programs(count, seed), Path(tmp))
    bad = 0
    for outcome in runs:
        found = problems(outcome)
        bad += bool(found)
        levels = [f["fix"]["applicability"] if f["fix"] else "none" for f in outcome.findings]
        print(f"{'FAIL' if found else 'ok  '} {outcome.program.name}: {levels} "
              f"{_counts(outcome.orig)} -> {_counts(outcome.fixed)}")
        for problem in found:
            print("     " + problem.replace("\n", "\n     "))
    print(f"{len(runs)} programs, {bad} with problems")
    sys.exit(1 if bad else 0)
