"""Rule docs have one source: each rule's `Rule`. `explain` prints it, README shows it.

`UPDATE_GOLDEN=1 pytest tests/test_rule_docs.py` rewrites README's generated rules section.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod import ruledocs
from codemod.cli import main
from codemod.registry import all_transforms

README = Path(__file__).resolve().parent.parent / "README.md"
RULES = [t.rule for t in all_transforms()]
LABELS = {"safe": "Safe:", "unsafe": "Unsafe:", "none": "Report-only:"}


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_readme_rules_section_is_the_generated_one() -> None:
    generated = _cli("rules", "--markdown")
    readme = README.read_text()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        README.write_text(ruledocs.replace_section(readme, generated))
        readme = README.read_text()
    assert ruledocs.section_of(readme) == generated, \
        "README's rules section is stale: run UPDATE_GOLDEN=1 pytest tests/test_rule_docs.py"


def test_readme_lists_every_rule_once() -> None:
    section = ruledocs.section_of(README.read_text())
    for rule in RULES:
        assert section.count(f"\n### {rule.id}\n") == 1
        assert f"| [`{rule.id}`](#{rule.id}) |" in section


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_explain_prints_the_rule_text(rule) -> None:
    out = _cli("explain", rule.id)
    assert out.startswith(f"{rule.id}: {rule.summary}\n\n")
    assert rule.explain.rstrip() in out


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_explain_has_what_why_example_and_every_fix_kind(rule) -> None:
    text = rule.explain
    assert re.match(r"^Finds ", text), "starts with what the rule finds"
    assert re.search(r"^Before\b[^:\n]*:\n\n?    \S", text, re.MULTILINE), "a before example"
    assert re.search(r"^After\b[^:\n]*:\n\n?    \S", text, re.MULTILINE), "an after example"
    for kind in rule.fixes:
        assert re.search(rf"^{LABELS[kind]}", text, re.MULTILINE), \
            f"says when the fix is {kind}"
    for kind, label in LABELS.items():
        if kind not in rule.fixes:
            assert not re.search(rf"^{label}", text, re.MULTILINE), \
                f"describes a {kind} fix the rule never makes"


def test_rules_listing_matches_the_definitions() -> None:
    lines = _cli("rules").splitlines()
    assert lines == [f"{r.id}: {r.summary} [fixes: {', '.join(r.fixes)}]" for r in RULES]


def test_explain_unknown_rule_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["explain", "defer-in-lop"])
    assert result.exit_code == 2
    assert "unknown rule 'defer-in-lop'" in result.output


def test_markdown_turns_indented_examples_into_go_blocks() -> None:
    class Rule:
        id, summary, fixes = "x-rule", "finds a | thing", ("safe",)
        explain = "Finds x.\n\nBefore:\n    a()\n\n    b()\nAfter:\n    c()\nSafe: always.\n"
    out = ruledocs.markdown([Rule])
    assert "| [`x-rule`](#x-rule) | finds a \\| thing | safe |" in out
    assert "**Before:**\n\n```go\na()\n\nb()\n```\n\n**After:**\n\n```go\nc()\n```\n\n" \
           "**Safe:** always." in out
