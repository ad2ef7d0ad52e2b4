"""A rule's `wants` (codemod.context.Rule) lets the engine leave a file unparsed when the
rule's find() would stop at its bytes: it must say yes wherever the rule finds something."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemod.analyze import Job, analyze
from codemod.registry import load_module

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


@pytest.mark.parametrize("rule", ["missing-close", "missing-rollback"])
def test_wants_every_golden_input_with_a_finding(rule: str):
    wants = load_module("transforms." + rule.replace("-", "_")).rule.wants
    cases = [case for case in sorted((GOLDEN / rule).iterdir())
             if (case / "findings.txt").exists() and (case / "findings.txt").read_text().strip()]
    assert len(cases) > 5
    for case in cases:
        assert wants((case / "input.go").read_bytes()), case


def test_missing_rollback_wants_the_word_begin_or_begintx():
    wants = load_module("transforms.missing_rollback").rule.wants
    assert wants(b"tx, err := db.Begin()")
    assert wants(b"tx, err := db.BeginTx(ctx, nil)")
    assert wants(b"tx, err := db.\n\tBegin()")
    assert not wants(b"p.BeginFrame(); // Beginning")
    assert not wants(b"x.ReBegin()")


def test_missing_close_wants_an_import_its_package_or_a_member_use():
    wants = load_module("transforms.missing_close").rule.wants
    assert wants(b'package p\nimport "net/http"\n')
    assert wants(b'package p\nimport "database/sql"\n')
    assert wants(b"package http\n")
    assert wants(b"package p\nfunc f() { r, err := get(); if err != nil { return }; r.Scan() }")
    assert not wants(b"package p\n// Query the http. server\nfunc f() { t.Execute() }")


def test_a_file_only_a_wanting_rule_holds_a_needle_of_is_not_parsed(tmp_path: Path):
    path = tmp_path / "a.go"
    path.write_bytes(b"package p\n\n// Query says nothing here: no sql, no http.\nfunc f() {}\n")
    result = analyze(Job(path=str(path), transforms=["transforms.missing_close"]))
    assert result.skipped == "no defer"
    path.write_bytes(b'package p\n\nimport "database/sql"\n\nfunc f(db *sql.DB) {\n'
                     b'\trows, err := db.Query("q")\n\tif err != nil {\n\t\treturn\n\t}\n'
                     b'\t_ = rows\n}\n')
    result = analyze(Job(path=str(path), transforms=["transforms.missing_close"]))
    assert result.skipped == ""
