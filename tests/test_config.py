""".deferfix.toml: found by walking up from each file, checked strictly, and overruled by flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from codemod.cli import main
from codemod.runner import Options, run

# One finding of each of two rules; the deferred-lock fix is unsafe.
SOURCE = """package store

import "sync"

var mu sync.RWMutex

func read() {
	mu.RLock()
	defer mu.Unlock()
}

func run() {
	defer recover()
}
"""
LOCK = "deferred-lock"
RECOVER = "recover-misuse"


def _module(directory: Path, files: dict[str, str] | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    for name, text in (files or {"store.go": SOURCE}).items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    return directory


def _config(directory: Path, text: str) -> Path:
    path = directory / ".deferfix.toml"
    path.write_text(text)
    return path


def _cli(*args: str) -> tuple[int, dict | None, str]:
    result = CliRunner().invoke(main, [*args, "--jobs", "1"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    payload = json.loads(result.stdout) if result.stdout.startswith("{") else None
    return result.exit_code, payload, result.stderr


def _rules_found(*args: str) -> list[str]:
    code, payload, stderr = _cli("check", "--format", "json", *args)
    assert code in (0, 1), stderr
    return sorted({f["rule"] for f in payload["findings"]})


# --- finding the file ----------------------------------------------------------------------

def test_without_a_config_every_rule_runs(tmp_path: Path) -> None:
    module = _module(tmp_path / "m")
    assert _rules_found(str(module)) == [LOCK, RECOVER]


def test_config_above_the_given_path_applies(tmp_path: Path) -> None:
    _config(tmp_path, f'ignore = ["{RECOVER}"]\n')
    module = _module(tmp_path / "repo" / "m")
    assert _rules_found(str(module)) == [LOCK]
    assert _rules_found(str(module / "store.go")) == [LOCK]


def test_nearest_config_wins_per_file(tmp_path: Path) -> None:
    _config(tmp_path, f'select = ["{LOCK}"]\n')
    module = _module(tmp_path / "m", {"store.go": SOURCE, "sub/store.go": SOURCE})
    _config(module / "sub", f'select = ["{RECOVER}"]\n')
    code, payload, _ = _cli("check", "--format", "json", str(module))
    found = {(Path(f["path"]).parent.name, f["rule"]) for f in payload["findings"]}
    assert found == {("m", LOCK), ("sub", RECOVER)}


# --- each key ------------------------------------------------------------------------------

def test_select_all_and_ignore(tmp_path: Path) -> None:
    module = _module(tmp_path)
    _config(module, f'select = ["ALL"]\nignore = ["{LOCK}"]\n')
    assert _rules_found(str(module)) == [RECOVER]


def test_per_path_ignores_are_relative_to_the_config(tmp_path: Path) -> None:
    module = _module(tmp_path, {"store.go": SOURCE, "legacy/old.go": SOURCE,
                                "x/legacy/keep.go": SOURCE})
    _config(module, f'[per-path-ignores]\n"/legacy/" = ["{LOCK}"]\n"keep.go" = ["ALL"]\n')
    code, payload, _ = _cli("check", "--format", "json", str(module))
    found = sorted((Path(f["path"]).name, f["rule"]) for f in payload["findings"])
    assert found == [("old.go", RECOVER), ("store.go", LOCK), ("store.go", RECOVER)]


def test_exclude_is_relative_to_the_config(tmp_path: Path) -> None:
    module = _module(tmp_path, {"store.go": SOURCE, "gen/a.go": SOURCE})
    _config(module, 'exclude = ["gen/"]\n')
    code, payload, _ = _cli("check", "--format", "json", str(module))
    assert {Path(f["path"]).name for f in payload["findings"]} == {"store.go"}


def test_unsafe_fixes_from_the_config(tmp_path: Path) -> None:
    module = _module(tmp_path)
    _config(module, "unsafe-fixes = true\n")
    code, payload, stderr = _cli("apply", "--format", "json", "--select", LOCK, str(module))
    assert payload["written"], stderr
    assert "mu.RUnlock()" in (module / "store.go").read_text()


def test_go_version_from_the_config(tmp_path: Path) -> None:
    module = _module(tmp_path)
    _config(module, 'go-version = "1.19"\n')
    result = run(Options(paths=[str(module)], fix=False, jobs=1))
    assert [r.go_version for r in result.files] == [(1, 19)]


# --- flags win -----------------------------------------------------------------------------

def test_select_flag_replaces_select_and_ignore(tmp_path: Path) -> None:
    module = _module(tmp_path)
    _config(module, f'select = ["{LOCK}"]\nignore = ["{RECOVER}"]\n')
    assert _rules_found("--select", RECOVER, str(module)) == [RECOVER]


def test_ignore_flag_replaces_ignore(tmp_path: Path) -> None:
    module = _module(tmp_path)
    _config(module, f'ignore = ["{RECOVER}"]\n')
    assert _rules_found("--ignore", LOCK, str(module)) == [RECOVER]


def test_no_unsafe_fixes_flag_beats_the_config(tmp_path: Path) -> None:
    module = _module(tmp_path)
    _config(module, "unsafe-fixes = true\n")
    _cli("apply", "--format", "json", "--no-unsafe-fixes", str(module))
    assert (module / "store.go").read_text() == SOURCE


def test_go_version_flag_beats_the_config(tmp_path: Path) -> None:
    module = _module(tmp_path)
    _config(module, 'go-version = "1.19"\n')
    result = run(Options(paths=[str(module)], fix=False, jobs=1, go_version=(1, 23)))
    assert [r.go_version for r in result.files] == [(1, 23)]


def test_exclude_flag_replaces_exclude(tmp_path: Path) -> None:
    module = _module(tmp_path, {"store.go": SOURCE, "gen/a.go": SOURCE})
    _config(module, 'exclude = ["gen/"]\n')
    code, payload, _ = _cli("check", "--format", "json", "--exclude", "store.go", str(module))
    assert {Path(f["path"]).name for f in payload["findings"]} == {"a.go"}


# --- errors: one line, naming the file and the key, exit 2 ---------------------------------

@pytest.mark.parametrize("text, key, problem", [
    ('selct = ["ALL"]\n', "selct", "unknown key"),
    ('select = "deferred-lock"\n', "select", 'want a list of strings, got "deferred-lock"'),
    ('select = ["deferred-lok"]\n', "select", "unknown rule 'deferred-lok'"),
    ("ignore = [1]\n", "ignore", "want a list of strings, got [1]"),
    ('unsafe-fixes = "yes"\n', "unsafe-fixes", 'want true or false, got "yes"'),
    ('go-version = "one"\n', "go-version", "not a Go version: 'one'"),
    ("go-version = 1.21\n", "go-version", 'want a string like "1.21", got 1.21'),
    ('exclude = "gen/"\n', "exclude", 'want a list of strings, got "gen/"'),
    ('per-path-ignores = ["x"]\n', "per-path-ignores", "want a table of glob = [rules]"),
    ('[per-path-ignores]\n"a/*.go" = ["nope"]\n', 'per-path-ignores."a/*.go"',
     "unknown rule 'nope'"),
    ('[per-path-ignores]\nlegacy = "ALL"\n', "per-path-ignores.legacy",
     'want a list of strings, got "ALL"'),
])
def test_bad_key_or_value(tmp_path: Path, text: str, key: str, problem: str) -> None:
    module = _module(tmp_path / "m")
    _config(module, text)
    code, payload, stderr = _cli("check", str(module))
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    config = (module / ".deferfix.toml").resolve()
    assert lines[0].startswith(f"deferfix: {config}: {key}: "), lines[0]
    assert problem in lines[0]


def test_invalid_toml_is_one_line_with_the_position(tmp_path: Path) -> None:
    module = _module(tmp_path / "m")
    _config(module, 'select = ["ALL"]\nunsafe-fixes true\n')
    code, _, stderr = _cli("check", str(module))
    assert code == 2
    assert stderr.count("\n") == 1
    assert "/.deferfix.toml: not valid TOML: " in stderr and "line 2" in stderr


def test_a_bad_config_elsewhere_does_not_matter(tmp_path: Path) -> None:
    good = _module(tmp_path / "good")
    _config(_module(tmp_path / "bad"), "nonsense = 1\n")
    code, _, stderr = _cli("check", str(good))
    assert code == 1 and ".deferfix.toml" not in stderr
