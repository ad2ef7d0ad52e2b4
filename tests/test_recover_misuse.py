"""recover-misuse across the files of a package (golden cases hold one file each)."""

from __future__ import annotations

from pathlib import Path

from codemod.runner import Options, run


def _check(directory: Path) -> list[str]:
    result = run(Options(paths=[str(directory)], select=["recover-misuse"], fix=False, jobs=1))
    assert not result.errors
    return [f"{Path(f.path).name}:{f.line}: {f.message}" for f in result.findings]


HELPER = """package srv

import "log"

func logPanic() {
	if r := recover(); r != nil {
		log.Println(r)
	}
}
"""


def test_helper_deferred_by_name_in_another_file_is_not_a_finding(tmp_path: Path) -> None:
    (tmp_path / "helper.go").write_text(HELPER)
    (tmp_path / "serve.go").write_text(
        "package srv\n\nfunc serve(h func()) {\n\tdefer logPanic()\n\th()\n}\n")
    assert _check(tmp_path) == []


def test_helper_only_called_from_another_file_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "helper.go").write_text(HELPER)
    (tmp_path / "serve.go").write_text(
        "package srv\n\nfunc serve(h func()) {\n\tdefer func() { logPanic() }()\n\th()\n}\n")
    assert _check(tmp_path) == [
        "helper.go:6: recover() in logPanic never stops a panic: logPanic is called "
        "(at serve.go:4), never deferred; recover must be called directly by the deferred "
        "function"]


def test_files_of_another_package_in_the_directory_do_not_count(tmp_path: Path) -> None:
    (tmp_path / "helper.go").write_text(HELPER)
    (tmp_path / "serve.go").write_text(
        "package srv\n\nfunc serve(h func()) {\n\tdefer func() { logPanic() }()\n\th()\n}\n")
    # An external test package cannot defer the unexported helper.
    (tmp_path / "x_test.go").write_text(
        "package srv_test\n\nfunc logPanic() {}\n\nfunc t() { defer logPanic() }\n")
    assert len(_check(tmp_path)) == 1


def test_helper_used_as_a_value_in_another_file_is_not_a_finding(tmp_path: Path) -> None:
    (tmp_path / "helper.go").write_text(HELPER)
    (tmp_path / "serve.go").write_text(
        "package srv\n\nvar onPanic = logPanic\n\nfunc serve(h func()) {\n"
        "\tdefer func() { logPanic() }()\n\th()\n}\n")
    assert _check(tmp_path) == []
