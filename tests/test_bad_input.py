"""Bad input and faults (issue 12): a file that does not parse, symlinks, paths and files that
cannot be read, a config that is not UTF-8, a binary file named .go. Every test runs the real
CLI in a process over real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_engine import LOCK_BUG, LOCK_FIXED, module

BROKEN = LOCK_BUG + "\nfunc broken() {\n\tx := 1 +\n}\n"   # first error: 13:9


def deferfix(*args: str, cwd: Path, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "codemod.cli", *args, "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, **kwargs)


# --- a file that does not parse is never written ---------------------------------------------

@pytest.mark.parametrize("verify", [[], ["--no-verify"]], ids=["vet", "no-verify"])
def test_a_file_that_does_not_parse_is_reported_and_never_written(tmp_path, verify):
    root = module(tmp_path, {"a.go": BROKEN, "good/b.go": LOCK_BUG})
    proc = deferfix("apply", *verify, ".", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert (root / "a.go").read_text() == BROKEN
    assert (root / "good" / "b.go").read_text() == LOCK_FIXED   # the rest is fixed
    assert "a.go:9:2: deferred-lock:" in proc.stdout and "[fix: none]" in proc.stdout
    assert "    why report-only: the file does not parse at 13:9\n" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_a_file_that_does_not_parse_in_diff_json_and_sarif(tmp_path):
    root = module(tmp_path, {"a.go": BROKEN})
    diff = deferfix("diff", ".", cwd=root)
    assert (diff.returncode, diff.stdout) == (0, ""), diff.stderr
    for command in ("check", "diff"):
        proc = deferfix(command, "--format", "json", ".", cwd=root)
        document = json.loads(proc.stdout)
        assert document["fixes"] == [] and document["changes"] == []
        [finding] = document["findings"]
        assert finding["fix"]["applicability"] == "none"
        assert finding["fix"]["reason"] == "the file does not parse at 13:9"
        sarif = json.loads(deferfix(command, "--format", "sarif", ".", cwd=root).stdout)
        [result] = sarif["runs"][0]["results"]
        assert "fixes" not in result
        assert result["properties"] == {"applicability": "none",
                                        "reason": "the file does not parse at 13:9"}
    assert (root / "a.go").read_text() == BROKEN


def test_a_missing_token_counts_as_not_parsing(tmp_path):
    # tree-sitter recovers `defer mu.Unlock(` with a MISSING ")": still a file that does not
    # parse, at the place of the missing token.
    text = LOCK_BUG + "\nfunc G() {\n\tdefer mu.Unlock(\n}\n"
    root = module(tmp_path, {"a.go": text})
    proc = deferfix("apply", "--no-verify", ".", cwd=root)
    assert (root / "a.go").read_text() == text
    assert "why report-only: the file does not parse at 13:18" in proc.stdout, proc.stdout


def test_the_writer_refuses_a_new_text_that_does_not_parse(tmp_path):
    from codemod.writer import WriteError, write_atomic
    path = tmp_path / "a.go"
    path.write_text(LOCK_BUG)
    with pytest.raises(WriteError, match="does not parse at 13:9; not written"):
        write_atomic(str(path), LOCK_BUG.encode(), BROKEN.encode())
    assert path.read_text() == LOCK_BUG and os.listdir(tmp_path) == ["a.go"]


# --- symlinks ----------------------------------------------------------------------------------

def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                           *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def linked_repository(tmp_path: Path) -> tuple[Path, Path]:
    """A git repository whose pkg/b.go links to shared/b.go (inside it, as etcd's
    client/v3/example_maintenance_test.go does) and pkg/c.go to a file outside it."""
    repo = module(tmp_path, {"shared/b.go": LOCK_BUG})
    outside = tmp_path / "outside" / "c.go"
    outside.parent.mkdir()
    outside.write_text(LOCK_BUG.replace("func F", "func G"))
    (repo / "pkg").mkdir()
    (repo / "pkg" / "b.go").symlink_to("../shared/b.go")
    (repo / "pkg" / "c.go").symlink_to(os.path.relpath(outside, repo / "pkg"))
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "init", cwd=repo)
    return repo, outside


def test_a_symlink_is_analysed_once_and_written_through_to_its_target(tmp_path):
    repo, outside = linked_repository(tmp_path)
    check = deferfix("check", ".", cwd=repo)
    reported = [line.split(":")[0] for line in check.stdout.splitlines()
                if not line.startswith(" ")]
    assert reported == ["pkg/c.go", "shared/b.go"], check.stdout   # b.go once, not twice
    proc = deferfix("apply", ".", cwd=repo)
    assert proc.returncode == 1, proc.stderr     # pkg/c.go's finding is left
    assert (repo / "shared" / "b.go").read_text() == LOCK_FIXED
    assert os.readlink(repo / "pkg" / "b.go") == "../shared/b.go"
    assert (repo / "pkg" / "c.go").is_symlink()
    assert git("status", "--porcelain", cwd=repo) == " M shared/b.go\n"   # no type change
    assert outside.read_text() == LOCK_BUG.replace("func F", "func G")
    notes = [line for line in proc.stderr.splitlines() if "pkg/c.go" in line]
    assert notes == [f"pkg/c.go: not written: a symlink to {outside}, outside the paths "
                     f"given: deferfix does not write there (run it over {outside})"]
    assert "why report-only: a symlink to" in proc.stdout
    assert not [p for p in repo.rglob(".deferfix-*")]


def test_a_symlink_to_a_file_outside_the_paths_given_is_left_alone(tmp_path):
    repo, _ = linked_repository(tmp_path)
    proc = deferfix("diff", "pkg", cwd=repo)
    assert proc.stdout == "", proc.stdout          # shared/ is not below pkg/
    check = deferfix("check", "--format", "json", "pkg", cwd=repo)
    reasons = {f["path"]: f["fix"]["reason"] for f in json.loads(check.stdout)["findings"]}
    assert reasons["pkg/b.go"].startswith("a symlink to shared/b.go, outside the paths given")
    assert git("status", "--porcelain", cwd=repo) == ""


def test_a_fifo_named_go_is_skipped_and_its_package_is_not_vetted(tmp_path):
    # go list opens every .go name of a package: on a FIFO it would wait for ever.
    root = module(tmp_path, {"a.go": LOCK_BUG})
    os.mkfifo(root / "fifo.go")
    proc = deferfix("diff", "-v", ".", cwd=root, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "+\tdefer mu.Unlock()" in proc.stdout
    assert "fifo.go: skipped: not a regular file: a FIFO" in proc.stderr
    assert "a.go: could not vet: fifo.go in " in proc.stderr


# --- paths and files that cannot be read -------------------------------------------------------

def test_a_missing_path_is_named_and_the_others_are_analysed(tmp_path):
    root = module(tmp_path, {"good/a.go": LOCK_BUG})
    check = deferfix("check", "good", "/nonexistent", cwd=root)
    assert check.returncode == 2
    assert "good/a.go:9:2: deferred-lock:" in check.stdout
    errors = [line for line in check.stderr.splitlines() if "nonexistent" in line]
    assert errors == ["deferfix: /nonexistent: no such file or directory"]
    assert "Usage" not in check.stderr and "Traceback" not in check.stderr
    apply = deferfix("apply", "/nonexistent", "good", cwd=root)
    assert apply.returncode == 2
    assert (root / "good" / "a.go").read_text() == LOCK_FIXED


def without_root_privileges() -> list[str]:
    """A command prefix under which permissions hold for this process: root reads a mode 000
    file, but not without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (a real condition, as for
    any other user; nothing is mocked)."""
    if os.geteuid() != 0:
        return []
    import shutil
    if shutil.which("setpriv") is None:
        pytest.skip("running as root and setpriv (util-linux) is not there to drop the "
                    "capabilities that let root read anything")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.mark.parametrize("in_git", [False, True], ids=["walk", "git"])
def test_an_unreadable_file_and_directory_are_named_and_the_rest_is_analysed(tmp_path, in_git):
    root = module(tmp_path, {"good/a.go": LOCK_BUG, "secret/b.go": LOCK_BUG, "c.go": LOCK_BUG})
    if in_git:
        git("init", "-q", cwd=root)
    (root / "secret").chmod(0)
    (root / "c.go").chmod(0)
    try:
        proc = subprocess.run([*without_root_privileges(), sys.executable, "-m", "codemod.cli",
                               "apply", "--no-cache", "."], cwd=root, capture_output=True,
                              text=True, timeout=300)
    finally:
        (root / "secret").chmod(0o755)
        (root / "c.go").chmod(0o644)
    assert proc.returncode == 2, proc.stderr
    assert (root / "good" / "a.go").read_text() == LOCK_FIXED
    errors = [line for line in proc.stderr.splitlines() if line.startswith("deferfix: ")
              and ("secret" in line or "c.go" in line)]
    assert errors == ["deferfix: secret: cannot read the directory: Permission denied",
                      "deferfix: c.go: cannot read: Permission denied"]
    assert "Traceback" not in proc.stderr


# --- a config that is not UTF-8 ------------------------------------------------------------------

def test_a_config_that_is_not_utf8_is_one_line_and_exit_2(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    (root / ".deferfix.toml").write_bytes(b'select = ["ALL"]\n# caf\xe9 latin-1\n')
    proc = deferfix("check", ".", cwd=root)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "deferfix: .deferfix.toml: not valid TOML: not UTF-8 (byte 0xe9 " \
                          "at line 2)\n"
    # A byte order mark is not a reason to refuse the file.
    (root / ".deferfix.toml").write_bytes(b'\xef\xbb\xbfselect = ["deferred-lock"]\n')
    proc = deferfix("check", ".", cwd=root)
    assert proc.returncode == 1 and "a.go:9:2: deferred-lock" in proc.stdout, proc.stderr


def test_an_unreadable_config_is_one_line_and_exit_2(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    (root / ".deferfix.toml").write_text('select = ["ALL"]\n')
    (root / ".deferfix.toml").chmod(0)
    proc = subprocess.run([*without_root_privileges(), sys.executable, "-m", "codemod.cli",
                           "check", "--no-cache", "."], cwd=root, capture_output=True,
                          text=True, timeout=300)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "deferfix: .deferfix.toml: cannot read: Permission denied\n"


# --- a binary file named .go ---------------------------------------------------------------------

@pytest.mark.parametrize("content, why", [
    (b"\x7fELF\x02\x01\x01\x00defer\x00\x00", "binary: a NUL byte at offset 7, not Go source"),
    (b"\x89PNG\r\n\x1a\n" + b"\xff\xd8\n\tdefer \xfe" * 20,
     "binary: not UTF-8 (offset 0) and no package clause, not Go source"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "binary: a NUL byte at offset 3, not Go source"),
], ids=["elf", "no-nul", "gzip-without-defer"])
def test_a_binary_file_named_go_is_skipped_with_its_reason(tmp_path, content, why):
    root = module(tmp_path, {"a.go": LOCK_BUG, "x.go": content})
    proc = deferfix("check", ".", cwd=root)
    assert proc.returncode == 1 and "a.go:9:2: deferred-lock" in proc.stdout
    assert "deferfix: 1 file(s) not analysed in full (1 binary); --verbose lists them" \
        in proc.stderr
    verbose = deferfix("check", "-v", ".", cwd=root)
    assert f"x.go: skipped: {why}" in verbose.stderr
    document = json.loads(deferfix("check", "--format", "json", ".", cwd=root).stdout)
    assert document["summary"]["files"]["skipped"]["binary"] == 1


# --- odd file names ------------------------------------------------------------------------------

def test_file_names_that_are_not_ascii_or_not_utf8(tmp_path):
    """Go accepts any file name; deferfix printed a traceback for a diff, a json or a SARIF
    document naming one that latin-1 cannot encode (日本.go) or that is not UTF-8."""
    root = module(tmp_path, {"日本.go": LOCK_BUG})
    odd = os.fsencode(root) + b"/\xff\n.go"
    with open(odd, "wb") as handle:
        handle.write(LOCK_BUG.replace("func F", "func G").encode())
    run = lambda *args: subprocess.run(   # noqa: E731
        [sys.executable, "-m", "codemod.cli", *args, "--no-cache", "--no-verify", "."],
        cwd=root, capture_output=True, timeout=300)
    check = run("check")
    assert check.returncode == 1 and b"Traceback" not in check.stderr
    assert b"\xff\n.go:9:2: deferred-lock" in check.stdout     # the name's own bytes
    assert "日本.go:9:2: deferred-lock".encode() in check.stdout
    diff = run("diff")
    assert diff.returncode == 1 and b"Traceback" not in diff.stderr
    assert b'--- "a/\\377\\n.go"\n' in diff.stdout and "+++ b/日本.go\n".encode() in diff.stdout
    (tmp_path / "fixes.diff").write_bytes(diff.stdout)
    git("init", "-q", cwd=root)
    git("apply", "--check", str(tmp_path / "fixes.diff"), cwd=root)
    for output in ("json", "sarif"):
        proc = run("diff", "--format", output)
        assert proc.returncode == 1 and b"Traceback" not in proc.stderr
        document = json.loads(proc.stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"]}
    assert uris == {"%E6%97%A5%E6%9C%AC.go", "%FF%0A.go"}


# --- further faults ------------------------------------------------------------------------------

def test_crlf_and_bom_together_survive_a_fix(tmp_path):
    content = b"\xef\xbb\xbf" + LOCK_BUG.replace("\n", "\r\n").encode()
    root = module(tmp_path, {"a.go": content})
    proc = deferfix("apply", ".", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert (root / "a.go").read_bytes() == content.replace(b"defer mu.Lock()",
                                                           b"defer mu.Unlock()")


def test_a_file_edited_while_apply_waits_is_not_written(tmp_path):
    """The user edits a.go while `apply -i` asks about its fix: the edit is kept, a.go is
    named in one line, the other file is written."""
    root = module(tmp_path, {"a.go": LOCK_BUG, "b/b.go": LOCK_BUG})
    proc = subprocess.Popen([sys.executable, "-m", "codemod.cli", "apply", "-i", "--no-cache",
                             "--color", "never", "."], cwd=root, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    seen = b""
    while b"Apply this fix?" not in seen:
        chunk = proc.stdout.read1(4096)
        assert chunk, (seen, proc.stderr.read())
        seen += chunk
    edited = LOCK_BUG + "\n// the user's edit\n"
    (root / "a.go").write_text(edited)
    out, err = proc.communicate(b"a\n", timeout=300)
    assert proc.returncode == 2, err
    assert (root / "a.go").read_text() == edited
    assert (root / "b" / "b.go").read_text() == LOCK_FIXED
    assert b"deferfix: a.go: changed on disk during the run; not written" in err
    assert not list(root.rglob(".deferfix-*"))


def test_a_file_deleted_after_discovery_is_one_line(tmp_path):
    from codemod.analyze import Job, analyze
    from codemod.discovery import discover
    root = module(tmp_path, {"a.go": LOCK_BUG})
    [path] = discover([str(root)]).files
    os.unlink(path)
    result = analyze(Job(path=path, transforms=("transforms.deferred_lock",)))
    assert result.error == "cannot read: No such file or directory"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_root_fixing_another_users_file_leaves_it_theirs(tmp_path):
    root = module(tmp_path, {"a.go": LOCK_BUG})
    os.chown(root / "a.go", 65534, 65534)
    proc = deferfix("apply", ".", cwd=root)
    assert proc.returncode == 0, proc.stderr
    info = os.stat(root / "a.go")
    assert (info.st_uid, info.st_gid) == (65534, 65534)
    assert (root / "a.go").read_text() == LOCK_FIXED


def test_a_full_disk_leaves_the_file_and_no_temporary_file(tmp_path):
    """A real full file system (a 64 KiB tmpfs; mounting needs root): the temporary file
    cannot be written, the original stays, one line names it."""
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        text = LOCK_BUG + "// padding\n" * 2000
        root = module(small, {"a.go": text})
        with open(small / "filler", "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError:
                pass
        proc = deferfix("apply", "--no-verify", ".", cwd=root)
        assert proc.returncode == 2
        assert "deferfix: a.go: cannot write: No space left on device" in proc.stderr
        assert (root / "a.go").read_text() == text
        assert sorted(p.name for p in root.iterdir()) == ["a.go", "go.mod"]
        (small / "filler").unlink()
    finally:
        subprocess.run(["umount", str(small)], check=True)
