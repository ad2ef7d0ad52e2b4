"""`deferfix pr` against real git (a bare repository as the remote) and a local forge API.

Each test makes a Go module in a work clone of a bare repository, runs `deferfix pr` in it
(in this process, with the project's environment and working directory), and checks what reached the remote (commits, pushes counted by a
post-receive hook) and what the forge server recorded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import unidiff
from click.testing import CliRunner

from codemod.cli import main
from codemod.forges import Remote, api_url_for, infer_forge, normalise_api_url, parse_remote
from fake_forge import Fault, FakeForge

TOKEN = "ghp_s3cretT0kenValue1234567890abcdef"
HUMAN = ("Human Dev", "human@example.com")

GO_MOD = "module example.com/widgets\n\ngo 1.21\n"

COUNTER = """\
package widgets

import "sync"

// Counter counts under a lock.
type Counter struct {
	mu sync.Mutex
	n  int
}

// Inc takes the lock and, by mistake, takes it again at exit.
func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Lock()
	c.n++
}
"""

GAUGE = """\
package widgets

import "sync"

// Gauge is read under a read lock.
type Gauge struct {
	mu sync.RWMutex
	v  int
}

// Value takes the read lock twice.
func (g *Gauge) Value() int {
	g.mu.RLock()
	defer g.mu.RLock()
	return g.v
}
"""

# RLock released with the write Unlock: an unsafe fix only.
MISMATCHED = """\
package widgets

import "sync"

// Table is read under a read lock.
type Table struct {
	mu sync.RWMutex
	m  map[string]int
}

// Get releases the read lock with the write unlock.
func (t *Table) Get(k string) int {
	t.mu.RLock()
	defer t.mu.Unlock()
	return t.m[k]
}
"""


def _git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "GITHUB_", "GITEA_"))}
    # HOME stays: go vet keeps using the user's build cache.
    env.update({"GIT_CONFIG_NOSYSTEM": "1",
                "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
                "GIT_AUTHOR_NAME": HUMAN[0], "GIT_AUTHOR_EMAIL": HUMAN[1],
                "GIT_COMMITTER_NAME": HUMAN[0], "GIT_COMMITTER_EMAIL": HUMAN[1]})
    return env


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float


class Project:
    """A bare repository (the forge's git side) and a work clone with a Go module."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.home = tmp / "home"
        self.home.mkdir()
        (self.home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
        self.env = _git_env(self.home)
        self.remote = tmp / "remote.git"
        self.git(tmp, "init", "--quiet", "--bare", "-b", "main", str(self.remote))
        self.push_log = tmp / "pushes.log"
        hook = self.remote / "hooks" / "post-receive"
        hook.write_text(f"#!/bin/sh\ncat >> '{self.push_log}'\n")
        hook.chmod(0o755)
        self.work = tmp / "work"
        self.git(tmp, "clone", "--quiet", str(self.remote), str(self.work))

    def git(self, cwd: Path, *args: str) -> str:
        proc = subprocess.run(["git", *args], cwd=cwd, env=self.env, capture_output=True,
                              text=True)
        assert proc.returncode == 0, f"git {args}: {proc.stderr}"
        return proc.stdout

    def commit(self, files: dict[str, str], message: str = "change",
               where: Path | None = None) -> str:
        where = where or self.work
        for name, text in files.items():
            path = where / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        self.git(where, "add", "--", *files)
        self.git(where, "commit", "--quiet", "-m", message)
        return self.git(where, "rev-parse", "HEAD").strip()

    def push(self, where: Path | None = None, ref: str = "main") -> None:
        self.git(where or self.work, "push", "--quiet", "origin", ref)

    def shallow_clone(self) -> Path:
        """A depth-1 clone, as CI checks out."""
        ci = self.tmp / "ci"
        self.git(self.tmp, "clone", "--quiet", "--depth", "1", f"file://{self.remote}", str(ci))
        return ci

    def remote_sha(self, branch: str) -> str | None:
        proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet",
                               f"refs/heads/{branch}"], cwd=self.remote, env=self.env,
                              capture_output=True, text=True)
        return proc.stdout.strip() or None

    def pushes(self) -> list[str]:
        return self.push_log.read_text().splitlines() if self.push_log.exists() else []

    def deferfix(self, *args: str, token: str | None = TOKEN, token_env: str = "GITHUB_TOKEN",
                 cwd: Path | None = None, extra_env: dict | None = None) -> Run:
        """`deferfix pr ARGS` run in this process (click's CliRunner) in `cwd` with the
        project's environment (and nothing else of this process's): what reaches git and
        the forge is the same as from a process of its own, without starting Python again."""
        env = dict(self.env)
        if token is not None:
            env[token_env] = token
        env.update(extra_env or {})
        started = time.perf_counter()
        previous = os.getcwd()
        os.chdir(cwd or self.work)
        try:
            result = CliRunner().invoke(main, ["pr", *args], env={
                **dict.fromkeys(k for k in os.environ if k not in env), **env})
        finally:
            os.chdir(previous)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr, time.perf_counter() - started)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project(tmp_path)
    project.commit({"go.mod": GO_MOD, "counter.go": COUNTER}, "widgets")
    project.push()
    return project


@pytest.fixture
def github(project: Project):
    with FakeForge("github", TOKEN, str(project.remote)) as forge:
        yield forge


@pytest.fixture
def gitea(project: Project):
    with FakeForge("gitea", TOKEN, str(project.remote)) as forge:
        yield forge


def gh_args(forge: FakeForge, *more: str) -> tuple[str, ...]:
    return ("--forge", forge.flavor, "--api-url", forge.api_url, "--repo", "acme/widgets",
            "--retry-scale", "0.001", *more)


def assert_one_line_error(run: Run, code: int = 2) -> str:
    """The run failed with `code` and one error line, the last; progress lines may precede."""
    assert run.code == code, (run.out, run.err)
    assert "Traceback" not in run.err
    lines = run.err.strip().splitlines()
    errors = [line for line in lines if line.startswith("deferfix pr: ")]
    assert errors == lines[-1:], run.err
    return errors[0]


def bot_commit(project: Project, branch: str = "deferfix/fixes") -> dict[str, str]:
    fmt = "%H%n%P%n%an <%ae>%n%cn <%ce>%n%B"
    sha, parents, author, committer, message = project.git(
        project.remote, "log", "-1", f"--format={fmt}", branch).split("\n", 4)
    return {"sha": sha, "parents": parents, "author": author, "committer": committer,
            "message": message}


# --- first run, rerun, update -------------------------------------------------------------

def test_first_run_pushes_a_bot_commit_and_opens_a_pull_request(project, github):
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    main = project.remote_sha("main")
    commit = bot_commit(project)
    assert commit["parents"] == main                      # made from the base branch
    assert commit["author"] == commit["committer"] == \
        "deferfix[bot] <deferfix-bot@users.noreply.invalid>"
    assert commit["message"].startswith("deferfix: 1 verified fix (deferred-lock)\n")
    assert "Deferfix-Change: " in commit["message"]
    patch = unidiff.PatchSet(project.git(project.remote, "diff", main, "deferfix/fixes"))
    assert [f.path for f in patch] == ["counter.go"]
    hunk_lines = [str(l) for h in patch[0] for l in h if l.is_added or l.is_removed]
    assert hunk_lines == ["-\tdefer c.mu.Lock()\n", "+\tdefer c.mu.Unlock()\n"]

    posts = [r for r in github.writes() if r.method == "POST"]
    assert len(posts) == 1 and posts[0].path == "/repos/acme/widgets/pulls"
    sent = posts[0].body
    assert sent["head"] == "deferfix/fixes" and sent["base"] == "main"
    assert sent["title"] == "deferfix: 1 verified fix (deferred-lock)"
    assert posts[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert posts[0].headers["accept"] == "application/vnd.github+json"
    assert "x-github-api-version" in posts[0].headers
    body = sent["body"]
    base = project.remote_sha("main")
    # Each finding links to its line on the base commit (the fake forge's API is its web).
    assert (f"| [`counter.go:14`]({github.root}/acme/widgets/blob/{base}/counter.go#L14) | "
            f"`deferred-lock` | defer c.mu.Lock() right after") in body
    assert "**safe**" in body
    assert "<summary><code>deferred-lock</code>" in body      # the rule's explanation
    assert "Finds `defer mu.Lock()` right after `mu.Lock()`" in body
    assert "## Verification" in body and "go vet: no new diagnostic" in body
    assert body.split("<!--")[0].count("http") == 1           # that link alone
    assert "<!-- deferfix:change=" in body
    assert len(github.open_pulls()) == 1
    assert run.out.strip() == \
        "opened pull request #1: https://github.example/acme/widgets/pull/1"
    assert len(project.pushes()) == 2         # the fixture's main, the bot branch


def test_the_users_checkout_is_left_alone(project, github):
    (project.work / "counter.go").write_text(COUNTER + "\n// local edit\n")
    head = project.git(project.work, "rev-parse", "HEAD")
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert (project.work / "counter.go").read_text().endswith("// local edit\n")
    assert project.git(project.work, "rev-parse", "HEAD") == head
    assert project.git(project.work, "branch", "--format=%(refname:short)").split() == ["main"]
    assert len(project.git(project.work, "worktree", "list").splitlines()) == 1
    assert project.git(project.work, "rev-parse", "--is-shallow-repository").strip() == "false"


def test_rerun_without_change_makes_no_write_and_no_push(project, github):
    assert project.deferfix(*gh_args(github)).code == 0
    before = len(github.requests)
    sha = project.remote_sha("deferfix/fixes")
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert run.out.startswith("up to date: pull request #1")
    assert [r.method for r in github.requests[before:]] == ["GET"]
    assert project.remote_sha("deferfix/fixes") == sha
    assert len(project.pushes()) == 2


def test_rerun_after_unrelated_commits_on_main_makes_no_write(project, github):
    assert project.deferfix(*gh_args(github)).code == 0
    project.commit({"README.md": "widgets\n"}, "docs")
    project.push()
    before = len(github.requests)
    run = project.deferfix(*gh_args(github))
    assert run.code == 0 and run.out.startswith("up to date"), run.err
    assert all(r.method == "GET" for r in github.requests[before:])
    assert len(project.pushes()) == 3        # main, the bot branch, the docs on main


def test_changed_tree_updates_the_same_pull_request(project, github):
    assert project.deferfix(*gh_args(github)).code == 0
    first = project.remote_sha("deferfix/fixes")
    project.commit({"gauge.go": GAUGE}, "gauge")
    project.push()
    before = len(github.requests)
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert run.out.strip().startswith("updated pull request #1:")
    writes = [(r.method, r.path) for r in github.requests[before:] if r.method != "GET"]
    assert writes == [("PATCH", "/repos/acme/widgets/pulls/1")]
    assert len(github.pulls) == 1
    pull = github.pulls[1]
    assert pull["title"] == "deferfix: 2 verified fixes (deferred-lock)"
    assert "`gauge.go:14`" in pull["body"] and "`counter.go:14`" in pull["body"]
    commit = bot_commit(project)
    assert commit["sha"] != first
    assert commit["parents"] == project.remote_sha("main")
    assert len(project.pushes()) == 4         # widgets, bot, gauge on main, bot again
    patch = unidiff.PatchSet(project.git(project.remote, "diff", "main", "deferfix/fixes"))
    assert sorted(f.path for f in patch) == ["counter.go", "gauge.go"]


FIXED_BY_HAND = COUNTER.replace("defer c.mu.Lock()", "defer c.mu.Unlock()")


def test_fixes_that_landed_close_the_open_pull_request_with_a_comment(project, github):
    assert project.deferfix(*gh_args(github)).code == 0
    project.commit({"counter.go": FIXED_BY_HAND}, "fix by hand")
    project.push()
    before = len(github.requests)
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert run.out.strip() == ("no fixes on main: closed pull request #1 "
                               "(https://github.example/acme/widgets/pull/1); deleted branch "
                               "deferfix/fixes")
    assert github.pulls[1]["state"] == "closed"
    assert github.pulls[1]["body"].rstrip().endswith("<!-- deferfix:closed-by-bot -->")
    assert len(github.comments) == 1 and "nothing left to fix" in github.comments[0][1]
    assert "deleted its branch" in github.comments[0][1]
    # Closed first, then the comment; the branch is gone from the remote.
    writes = [(r.method, r.path) for r in github.requests[before:] if r.method != "GET"]
    assert writes == [("PATCH", "/repos/acme/widgets/pulls/1"),
                      ("POST", "/repos/acme/widgets/issues/1/comments")]
    assert project.remote_sha("deferfix/fixes") is None
    rerun = project.deferfix(*gh_args(github))
    assert rerun.out.strip() == "no fixes on main: no branch and no pull request", rerun.err


def test_a_comment_the_token_may_not_make_does_not_keep_the_pull_request_open(project, gitea):
    # Gitea: a write:repository token closes pull requests but may not comment (write:issue).
    args = ("--forge", "gitea", "--api-url", gitea.root, "--repo", "acme/widgets")
    assert project.deferfix(*args, token_env="GITEA_TOKEN").code == 0
    project.commit({"counter.go": FIXED_BY_HAND}, "fix by hand")
    project.push()
    gitea.faults = [Fault("POST", r"/api/v1/repos/acme/widgets/issues/\d+/comments", 403, {},
                          {"message": "token does not have at least one of required scope(s), "
                                      "required=[write:issue]"})]
    run = project.deferfix(*args, token_env="GITEA_TOKEN")
    assert run.code == 0, run.err
    assert "closed pull request #1" in run.out and "deleted branch deferfix/fixes" in run.out
    assert gitea.pulls[1]["state"] == "closed" and gitea.comments == []
    warning = [line for line in run.err.splitlines() if line.startswith("warning: ")]
    assert len(warning) == 1 and "could not comment on pull request #1" in warning[0]
    assert "HTTP 403" in warning[0] and "write:issue" in warning[0]
    assert project.remote_sha("deferfix/fixes") is None


def _bot_env() -> dict[str, str]:
    return {"GIT_AUTHOR_NAME": "deferfix[bot]",
            "GIT_AUTHOR_EMAIL": "deferfix-bot@users.noreply.invalid",
            "GIT_COMMITTER_NAME": "deferfix[bot]",
            "GIT_COMMITTER_EMAIL": "deferfix-bot@users.noreply.invalid"}


def test_a_branch_with_a_persons_commit_under_the_bots_is_not_deleted(project, github):
    # Someone committed on the bot branch, then a commit that looks like the bot's went on
    # top: the tip passes for the bot's, but the branch holds a person's work.
    assert project.deferfix(*gh_args(github)).code == 0
    other = project.tmp / "other"
    project.git(project.tmp, "clone", "--quiet", "-b", "deferfix/fixes", str(project.remote),
                str(other))
    project.commit({"NOTES.md": "mine\n"}, "human work", where=other)
    (other / "NOTES.md").write_text("mine, amended\n")
    env = {**project.env, **_bot_env()}
    subprocess.run(["git", "commit", "--quiet", "-am",
                    "looks like the bot\n\nDeferfix-Change: 0123abcd\n"], cwd=other, env=env,
                   check=True)
    project.push(other, "deferfix/fixes")
    tip = project.remote_sha("deferfix/fixes")
    project.commit({"counter.go": FIXED_BY_HAND}, "fix by hand")
    project.push()
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert "closed pull request #1" in run.out and "deleted" not in run.out
    assert "has commits that are not the bot's" in run.err
    assert project.remote_sha("deferfix/fixes") == tip


def test_closing_from_a_shallow_clone_deletes_the_bot_branch(project, github):
    assert project.deferfix(*gh_args(github)).code == 0
    project.commit({"counter.go": FIXED_BY_HAND}, "fix by hand")
    project.push()
    ci = project.shallow_clone()
    run = project.deferfix(*gh_args(github), cwd=ci)
    assert run.code == 0, run.err
    assert "deleted branch deferfix/fixes" in run.out
    assert project.remote_sha("deferfix/fixes") is None
    assert project.git(ci, "rev-parse", "--is-shallow-repository").strip() == "true"


def test_a_branch_left_behind_by_a_merged_pull_request_is_deleted(project, github):
    assert project.deferfix(*gh_args(github)).code == 0
    project.git(project.work, "fetch", "--quiet", "origin", "deferfix/fixes")
    project.git(project.work, "merge", "--quiet", "--ff-only", "FETCH_HEAD")
    project.push()
    github.merge(1)
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert run.out.strip() == ("no fixes on main: no pull request; deleted the bot's branch "
                               "deferfix/fixes")
    assert project.remote_sha("deferfix/fixes") is None
    assert [r.method for r in github.writes()] == ["POST"]      # the first run's create


# --- a forge that has not caught up ---------------------------------------------------------

def test_gitea_pull_list_404_while_the_repository_is_marked_empty_is_retried(project, gitea):
    # Right after the first push to an empty repository, Gitea answers 404 for its pull
    # requests until a queue marks it non-empty; the repository itself answers.
    gitea.empty_for = 2
    args = ("--forge", "gitea", "--api-url", gitea.root, "--repo", "acme/widgets",
            "--retry-scale", "0.001")
    run = project.deferfix(*args, token_env="GITEA_TOKEN")
    assert run.code == 0, run.err
    assert run.out.startswith("opened pull request #1")
    waits = [line for line in run.err.splitlines() if "retrying in" in line]
    assert len(waits) == 2 and "HTTP 404" in waits[0]
    assert "retrying in 1s" in waits[0] and "retrying in 2s" in waits[1]      # backoff
    calls = [(r.method, r.path.removeprefix("/api/v1/repos/acme/widgets")) for r in
             gitea.requests]
    assert calls[:5] == [("GET", "/pulls"), ("GET", ""), ("GET", "/pulls"), ("GET", ""),
                         ("GET", "/pulls")]


def test_a_404_right_after_the_bots_push_is_retried(project, github):
    github.faults = [Fault("POST", "/repos/acme/widgets/pulls", 404, {},
                           {"message": "Not Found"})]
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert "not found (HTTP 404) though the repository is there" in run.err
    assert [r.method for r in github.requests] == ["GET", "GET", "POST", "POST"]
    assert len(github.open_pulls()) == 1


def test_a_404_before_any_push_is_an_error_at_once(project, github):
    github.faults = [Fault("GET", "/repos/acme/widgets/pulls", 404, {},
                           {"message": "Not Found"})]
    run = project.deferfix(*gh_args(github))
    assert "HTTP 404: Not Found" in assert_one_line_error(run)
    assert len(github.requests) == 1


def test_a_missing_gitea_repository_is_named_at_once(project, gitea):
    run = project.deferfix("--forge", "gitea", "--api-url", gitea.root, "--repo", "acme/nope",
                           token_env="GITEA_TOKEN")
    line = assert_one_line_error(run)
    assert "repository acme/nope not found, or the token cannot read it" in line
    assert [r.method for r in gitea.requests] == ["GET", "GET"]
    assert "retrying" not in run.err


def test_no_fixes_means_no_branch_and_no_pull_request(project, github):
    project.commit({"counter.go": COUNTER.replace("defer c.mu.Lock()", "defer c.mu.Unlock()")},
                   "clean")
    project.push()
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert run.out.strip() == "no fixes on main: no branch and no pull request"
    assert project.remote_sha("deferfix/fixes") is None
    assert github.writes() == []
    assert len(project.pushes()) == 2


# --- an existing pull request -------------------------------------------------------------

@pytest.mark.parametrize("flavor,status", [("github", 422), ("gitea", 409)])
def test_an_existing_pull_request_reported_on_create_is_found_and_updated(project, flavor,
                                                                           status):
    with FakeForge(flavor, TOKEN, str(project.remote)) as forge:
        token_env = "GITHUB_TOKEN" if flavor == "github" else "GITEA_TOKEN"
        existing = forge.add_pull("deferfix/fixes", title="old bot title", body="old")
        forge.hide_from_list = 1             # the first lookup misses it, as in a race
        run = project.deferfix(*gh_args(forge), token_env=token_env)
        assert run.code == 0, run.err
        calls = [(r.method, r.path) for r in forge.requests]
        pulls = f"{forge.prefix}/repos/acme/widgets/pulls"
        # Open ones (missed), the last closed one, the create, open ones again, the update.
        assert calls == [("GET", pulls), ("GET", pulls), ("POST", pulls), ("GET", pulls),
                         ("PATCH", f"{pulls}/{existing['number']}")]
        assert "already exists" in run.err
        assert len(forge.pulls) == 1
        assert forge.pulls[1]["title"] == "deferfix: 1 verified fix (deferred-lock)"
        assert run.out.strip().startswith("updated pull request #1")
        assert status in (422, 409)


def test_an_open_pull_request_found_first_is_updated_not_duplicated(project, github):
    github.add_pull("deferfix/fixes", title="stale", body="stale body")
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert [r.method for r in github.requests] == ["GET", "PATCH"]
    assert github.requests[0].query["head"] == "acme:deferfix/fixes"
    assert len(github.pulls) == 1


# --- human commits --------------------------------------------------------------------------

def _human_pushes_to_bot_branch(project: Project) -> str:
    other = project.tmp / "other"
    project.git(project.tmp, "clone", "--quiet", "-b", "deferfix/fixes", str(project.remote),
                str(other))
    sha = project.commit({"NOTES.md": "I fixed a test too\n"}, "human tweak", where=other)
    project.push(other, "deferfix/fixes")
    return sha


def test_a_human_commit_on_the_bot_branch_stops_the_bot(project, github):
    assert project.deferfix(*gh_args(github)).code == 0
    human = _human_pushes_to_bot_branch(project)
    project.commit({"gauge.go": GAUGE}, "gauge")     # new fixes the bot would push
    project.push()
    pushes, before = len(project.pushes()), len(github.requests)
    run = project.deferfix(*gh_args(github))
    line = assert_one_line_error(run, code=1)
    assert f"commit {human[:12]} by Human Dev <human@example.com>" in line
    assert "not force-pushing" in line
    assert project.remote_sha("deferfix/fixes") == human
    assert len(project.pushes()) == pushes
    assert all(r.method == "GET" for r in github.requests[before:])


def test_a_human_commit_keeps_the_bot_from_closing_the_pull_request(project, github):
    assert project.deferfix(*gh_args(github)).code == 0
    _human_pushes_to_bot_branch(project)
    project.commit({"counter.go": COUNTER.replace("defer c.mu.Lock()", "defer c.mu.Unlock()")},
                   "fix by hand")
    project.push()
    run = project.deferfix(*gh_args(github))
    assert_one_line_error(run, code=1)
    assert github.pulls[1]["state"] == "open" and github.comments == []


def test_a_shallow_ci_clone_updates_the_branch_after_main_moved(project, github):
    # CI checkouts are shallow (depth 1): the bot branch's parent, an older main, is not in
    # the clone, and only the tip of the bot branch may be fetched.
    for n in range(3):
        project.commit({"NOTES.md": f"note {n}\n"}, f"note {n}")
    project.push()
    assert project.deferfix(*gh_args(github)).code == 0
    project.commit({"gauge.go": GAUGE}, "gauge")
    project.push()
    ci = project.shallow_clone()
    run = project.deferfix(*gh_args(github), cwd=ci)
    assert run.code == 0, run.err
    assert "updated pull request #1" in run.out
    assert bot_commit(project)["parents"] == project.remote_sha("main")
    assert project.git(ci, "rev-parse", "--is-shallow-repository").strip() == "true"
    assert len(project.git(ci, "rev-list", "--all").split()) <= 3
    rerun = project.deferfix(*gh_args(github), cwd=ci)
    assert rerun.code == 0 and rerun.out.startswith("up to date"), rerun.err


def test_a_configured_identity_is_the_bots_own_on_the_next_run(project, github):
    who = ("--author", "Jane Bot <jane-bot@example.com>", "--committer",
           "CI Runner <ci@example.com>")
    assert project.deferfix(*gh_args(github, *who)).code == 0
    commit = bot_commit(project)
    assert commit["author"] == "Jane Bot <jane-bot@example.com>"
    assert commit["committer"] == "CI Runner <ci@example.com>"
    project.commit({"gauge.go": GAUGE}, "gauge")
    project.push()
    run = project.deferfix(*gh_args(github, *who))
    assert run.code == 0 and "updated pull request #1" in run.out, run.err


def test_a_rejected_push_is_a_one_line_error_and_opens_nothing(project, github):
    hook = project.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'deferfix/* is protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    run = project.deferfix(*gh_args(github))
    line = assert_one_line_error(run)
    assert line.startswith("deferfix pr: git push failed: ")
    assert "rejected" in line
    assert github.writes() == [] and project.remote_sha("deferfix/fixes") is None


# --- rate limits ----------------------------------------------------------------------------

def test_rate_limits_are_retried_honouring_retry_after_and_reset(project, github):
    pulls = "/repos/acme/widgets/pulls"
    reset = int(time.time()) + 60
    github.faults = [
        Fault("GET", pulls, 429, {"Retry-After": "7"}, {"message": "slow down"}),
        Fault("POST", pulls, 403, {"x-ratelimit-remaining": "0",
                                   "x-ratelimit-reset": str(reset)},
              {"message": "API rate limit exceeded for installation ID 1."}),
        Fault("POST", pulls, 403, {"Retry-After": "3"},
              {"message": "You have exceeded a secondary rate limit."}),
        Fault("POST", pulls, 403, {}, {"message": "You have exceeded a secondary rate limit."}),
        Fault("POST", pulls, 502, {}, {"message": "Server Error"}),
    ]
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert "rate limited (HTTP 429): GET /repos/acme/widgets/pulls; retrying in 7s" in run.err
    assert "rate limited (HTTP 403): POST /repos/acme/widgets/pulls; retrying in 3s" in run.err
    # No hint: a minute, doubled on each retry (GitHub's advice for secondary limits).
    assert "rate limited (HTTP 403): POST /repos/acme/widgets/pulls; retrying in 240s" in run.err
    assert "server error (HTTP 502): POST /repos/acme/widgets/pulls; retrying in 8s" in run.err
    waits = [line for line in run.err.splitlines() if "retrying in" in line]
    assert len(waits) == 5
    reset_wait = float(waits[1].rsplit("retrying in ", 1)[1].rstrip("s"))
    assert 30 <= reset_wait <= 62                 # until x-ratelimit-reset, plus a second
    calls = [(r.method, r.path) for r in github.requests]
    assert calls == [("GET", pulls)] * 3 + [("POST", pulls)] * 5
    assert len(github.pulls) == 1


def test_a_forbidden_answer_that_is_no_rate_limit_is_not_retried(project, github):
    github.faults = [Fault("POST", "/repos/acme/widgets/pulls", 403,
                           {}, {"message": "Resource not accessible by integration"})]
    run = project.deferfix(*gh_args(github))
    line = assert_one_line_error(run)
    assert "HTTP 403: Resource not accessible by integration" in line
    assert sum(r.method == "POST" for r in github.requests) == 1


def test_a_wait_longer_than_allowed_is_a_clear_error(project, github):
    github.faults = [Fault("GET", "/repos/acme/widgets/pulls", 429, {"Retry-After": "3600"},
                           {"message": "slow down"})]
    run = project.deferfix(*gh_args(github, "--max-retry-wait", "60"))
    line = assert_one_line_error(run)
    assert "HTTP 429" in line and "asked to wait 3600s" in line


# --- errors and secrets ---------------------------------------------------------------------

def test_a_missing_token_is_a_one_line_error(project, github):
    run = project.deferfix(*gh_args(github), token=None)
    line = assert_one_line_error(run)
    assert line == ("deferfix pr: no token: the environment variable GITHUB_TOKEN is not set "
                    "(or pass --token-env NAME)")
    run = project.deferfix(*gh_args(github, "--token-env", "BOT_TOKEN"), token=None)
    assert assert_one_line_error(run) == \
        "deferfix pr: no token: the environment variable BOT_TOKEN is not set"
    assert github.requests == [] and len(project.pushes()) == 1


def test_the_token_env_option_names_the_variable(project, github):
    run = project.deferfix(*gh_args(github, "--token-env", "BOT_TOKEN"), token_env="BOT_TOKEN")
    assert run.code == 0, run.err


def test_an_unknown_remote_is_a_one_line_error(project, github):
    run = project.deferfix(*gh_args(github, "--remote", "upstream"))
    assert assert_one_line_error(run) == (
        "deferfix pr: no remote named 'upstream' in this repository (`git remote -v` lists "
        "them); pass --remote")


def test_a_remote_on_an_unknown_host_asks_for_forge(project):
    project.git(project.work, "remote", "set-url", "origin",
                "https://git.example.com/acme/widgets.git")
    run = project.deferfix()
    assert assert_one_line_error(run) == (
        "deferfix pr: cannot tell the forge of remote 'origin' (host git.example.com); pass "
        "--forge github|gitea")


def test_a_local_remote_asks_for_repo_and_api(project):
    run = project.deferfix("--forge", "github")
    line = assert_one_line_error(run)
    assert "cannot tell the repository from remote 'origin'" in line
    assert "pass --repo OWNER/NAME" in line


def test_outside_a_git_work_tree_is_a_one_line_error(project, tmp_path):
    outside = tmp_path / "plain"
    outside.mkdir()
    run = project.deferfix(cwd=outside, extra_env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert assert_one_line_error(run) == "deferfix pr: not inside a git work tree"


def test_the_token_never_appears_in_output(project, github):
    # A remote URL that carries the token, a server that echoes the Authorization header in
    # its error, and --verbose, which prints git commands and retries.
    url = f"https://x-access-token:{TOKEN}@github.com/acme/widgets.git"
    project.git(project.work, "remote", "set-url", "origin", url)
    project.git(project.work, "config", f"url.{project.remote}.insteadOf", url)
    pulls = "/repos/acme/widgets/pulls"
    github.faults = [Fault("GET", pulls, 429, {"Retry-After": "1"},
                           {"message": "slow down, {auth}"}),
                     Fault("POST", pulls, 401, {}, {"message": "Bad credentials: {auth}"})]
    failed = project.deferfix("--api-url", github.api_url, "--retry-scale", "0.001", "-v")
    line = assert_one_line_error(failed)
    assert "Bad credentials: Bearer ***" in line
    ok = project.deferfix("--api-url", github.api_url, "-v")
    assert ok.code == 0, ok.err
    dry = project.deferfix("--dry-run", "-v")
    missing_forge = project.deferfix("--forge", "gitea", "--api-url", "http://127.0.0.1:9",
                                     "--retry-scale", "0.001",
                                     "--repo", "a/b", token_env="GITEA_TOKEN")
    assert "connection failed" in missing_forge.err or "Connection refused" in \
        assert_one_line_error(missing_forge)
    for run in (failed, ok, dry, missing_forge):
        assert TOKEN not in run.out and TOKEN not in run.err
    assert TOKEN not in project.git(project.remote, "log", "--all", "--format=%B")
    assert all(TOKEN not in str(r.body) for r in github.requests)


# --- dry run, forges, content ---------------------------------------------------------------

def test_dry_run_prints_branch_commit_title_and_body_and_calls_nothing(project, github):
    run = project.deferfix(*gh_args(github, "--dry-run"), token=None)
    assert run.code == 0, run.err
    out = run.out
    assert out.startswith("branch: deferfix/fixes (from main at ")
    assert "\ncommit " in out and "\nAuthor: deferfix[bot]" in out
    assert "    deferfix: 1 verified fix (deferred-lock)" in out
    assert "-\tdefer c.mu.Lock()\n+\tdefer c.mu.Unlock()" in out
    assert "\ntitle: deferfix: 1 verified fix (deferred-lock)\n" in out
    assert "\nbody:\n" in out and "## Fixes" in out and "<!-- deferfix:change=" in out
    assert github.requests == []
    assert project.remote_sha("deferfix/fixes") is None and len(project.pushes()) == 1


def test_dry_run_with_forge_github_alone_means_the_public_api(project):
    # The remote is a local path: nothing says where the API is, and a dry run needs none.
    run = project.deferfix("--dry-run", "--forge", "github", "--repo", "acme/widgets",
                           token=None)
    assert run.code == 0, run.err
    base = project.remote_sha("main")
    assert (f"[`counter.go:14`](https://github.com/acme/widgets/blob/{base}/counter.go#L14)"
            in run.out)
    # Without --repo there is nothing to link to; the dry run still prints it all.
    run = project.deferfix("--dry-run", "--forge", "gitea", token=None)
    assert run.code == 0, run.err
    assert "| `counter.go:14` | `deferred-lock` |" in run.out


def test_forge_github_without_api_url_pushes_to_the_public_api(project):
    # Not a dry run: the client is for api.github.com (which this test cannot reach, so
    # the connection fails after the push; the point is where it went).
    run = project.deferfix("--forge", "github", "--repo", "acme/widgets", "--retry-scale",
                           "0.001", extra_env={"HTTPS_PROXY": "http://127.0.0.1:9",
                                               "NO_PROXY": ""})
    line = assert_one_line_error(run)
    assert "https://api.github.com/repos/acme/widgets/pulls" in line


def test_gitea_first_run_and_update(project, gitea):
    # Pull requests of others fill more than one page: the lookup walks the pages.
    for n in range(55):
        gitea.add_pull(f"feature-{n}")
    args = ("--forge", "gitea", "--api-url", gitea.root, "--repo", "acme/widgets")
    run = project.deferfix(*args, token_env="GITEA_TOKEN")
    assert run.code == 0, run.err
    number = max(gitea.pulls)
    assert run.out.strip() == \
        f"opened pull request #{number}: {gitea.root}/acme/widgets/pulls/{number}"
    post = [r for r in gitea.requests if r.method == "POST"][0]
    assert post.path == "/api/v1/repos/acme/widgets/pulls"
    assert post.headers["authorization"] == f"token {TOKEN}"
    assert set(post.body) == {"title", "body", "head", "base"}
    pages = [(r.query["state"], r.query["page"]) for r in gitea.requests if r.method == "GET"]
    assert pages == [("open", "1"), ("open", "2"), ("closed", "1")]

    project.commit({"gauge.go": GAUGE}, "gauge")
    project.push()
    run = project.deferfix(*args, token_env="GITEA_TOKEN")
    assert run.code == 0, run.err
    assert run.out.startswith(f"updated pull request #{number}")        # Gitea's 201 edit
    assert gitea.pulls[number]["title"] == "deferfix: 2 verified fixes (deferred-lock)"
    assert len(gitea.open_pulls()) == 56


def test_the_forge_and_repository_are_inferred_from_the_remote_url(project, github):
    url = "git@github.com:acme/widgets.git"
    project.git(project.work, "remote", "set-url", "origin", url)
    project.git(project.work, "config", f"url.{project.remote}.insteadOf", url)
    run = project.deferfix("--api-url", github.api_url)
    assert run.code == 0, run.err
    assert github.requests[0].path == "/repos/acme/widgets/pulls"


def test_unsafe_fixes_only_on_request_and_marked_in_the_body(project, github):
    project.commit({"table.go": MISMATCHED}, "table")
    project.push()
    assert project.deferfix(*gh_args(github)).code == 0
    body = github.pulls[1]["body"]
    proposed = body.split("## Rules")[0]
    # Without --unsafe-fixes the unsafe fix of table.go is not proposed: neither the file nor
    # its method is named, the summary counts only counter.go's safe fix, and nothing is
    # marked unsafe.
    assert "table.go" not in proposed and "Table" not in proposed
    assert "| `deferred-lock` | 1 | 1 | 0 |" in proposed
    assert "**Includes unsafe fixes**" not in body and "**unsafe**" not in body
    run = project.deferfix(*gh_args(github, "--unsafe-fixes"))
    assert run.code == 0, run.err
    body = github.pulls[1]["body"]
    assert "**Includes unsafe fixes**" in body
    assert "| [`table.go:14`](" in body and "/table.go#L14) | `deferred-lock` |" in body
    assert "**unsafe**" in body


def test_paths_limit_the_run(project, github):
    project.commit({"sub/gauge.go": GAUGE.replace("package widgets", "package sub")}, "sub")
    project.push()
    run = project.deferfix(*gh_args(github, "sub"))
    assert run.code == 0, run.err
    patch = unidiff.PatchSet(project.git(project.remote, "diff", "main", "deferfix/fixes"))
    assert [f.path for f in patch] == ["sub/gauge.go"]


# --- draft, labels, reviewers ---------------------------------------------------------------

def test_draft_labels_and_reviewers_on_github(project, github):
    run = project.deferfix(*gh_args(github, "--draft", "--label", "bot,new-label",
                                    "--label", "bot", "--reviewer", "alice",
                                    "--reviewer", "acme/core"))
    assert run.code == 0, run.err
    writes = [(r.method, r.path, r.body) for r in github.writes()]
    assert writes[0][:2] == ("POST", "/repos/acme/widgets/pulls") and writes[0][2]["draft"]
    assert writes[1:] == [
        ("POST", "/repos/acme/widgets/issues/1/labels", {"labels": ["bot", "new-label"]}),
        ("POST", "/repos/acme/widgets/pulls/1/requested_reviewers",
         {"reviewers": ["alice"], "team_reviewers": ["core"]})]
    pull = github.pulls[1]
    assert pull["draft"] and [l["name"] for l in pull["labels"]] == ["bot", "new-label"]
    # They are set when the pull request is opened; an update leaves them as people left them.
    project.commit({"gauge.go": GAUGE}, "gauge")
    project.push()
    before = len(github.requests)
    run = project.deferfix(*gh_args(github, "--draft", "--label", "bot", "--reviewer", "bob"))
    assert run.code == 0 and run.out.startswith("updated pull request #1"), run.err
    assert [(r.method, r.path) for r in github.requests[before:] if r.method != "GET"] == \
        [("PATCH", "/repos/acme/widgets/pulls/1")]


def test_a_label_or_reviewer_the_forge_refuses_does_not_fail_the_pull_request(project, gitea):
    gitea.faults = [Fault("POST", r"/api/v1/repos/acme/widgets/issues/\d+/labels", 403, {},
                          {"message": "token does not have at least one of required "
                                      "scope(s), required=[write:issue]"}),
                    Fault("POST", r"/api/v1/repos/acme/widgets/pulls/\d+/requested_reviewers",
                          422, {}, {"message": "user does not exist [uid: 0, name: ghost]"})]
    run = project.deferfix("--forge", "gitea", "--api-url", gitea.root, "--repo",
                           "acme/widgets", "--label", "bot", "--reviewer", "ghost",
                           token_env="GITEA_TOKEN")
    assert run.code == 0 and run.out.startswith("opened pull request #1"), run.err
    warnings = [line for line in run.err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2
    assert "could not add labels" in warnings[0] and "write:issue" in warnings[0]
    assert "could not request reviewers" in warnings[1] and "ghost" in warnings[1]


def test_a_missing_gitea_label_is_named(project, gitea):
    run = project.deferfix("--forge", "gitea", "--api-url", gitea.root, "--repo",
                           "acme/widgets", "--label", "bot,nope", token_env="GITEA_TOKEN")
    assert run.code == 0, run.err
    assert "warning: no label nope in acme/widgets; left out" in run.err
    assert [l["name"] for l in gitea.pulls[1]["labels"]] == ["bot"]


def test_a_gitea_draft_is_a_wip_title_and_a_person_may_mark_it_ready(project, gitea):
    args = ("--forge", "gitea", "--api-url", gitea.root, "--repo", "acme/widgets", "--draft")
    assert project.deferfix(*args, token_env="GITEA_TOKEN").code == 0
    assert gitea.pulls[1]["title"] == "WIP: deferfix: 1 verified fix (deferred-lock)"
    assert gitea.pulls[1]["draft"]
    rerun = project.deferfix(*args, token_env="GITEA_TOKEN")
    assert rerun.out.startswith("up to date"), rerun.err          # the prefix is no change
    project.commit({"gauge.go": GAUGE}, "gauge")
    project.push()
    assert project.deferfix(*args, token_env="GITEA_TOKEN").code == 0
    assert gitea.pulls[1]["title"] == "WIP: deferfix: 2 verified fixes (deferred-lock)"
    gitea.pulls[1]["title"] = "deferfix: 2 verified fixes (deferred-lock)"   # marked ready
    project.commit({"gauge.go": GAUGE + "\n// more\n"}, "gauge moves")
    project.push()
    assert project.deferfix(*args, token_env="GITEA_TOKEN").code == 0
    assert not gitea.pulls[1]["title"].startswith("WIP")


# --- a pull request a person closed -----------------------------------------------------------

def test_a_pull_request_a_person_closed_is_not_proposed_again_until_the_fixes_change(
        project, github):
    assert project.deferfix(*gh_args(github)).code == 0
    github.close_by_hand(1)
    # Code moves around the fix: the same fixes, at other lines.
    project.commit({"counter.go": "// Package widgets counts.\n\n" + COUNTER}, "doc")
    project.push()
    pushes, before = len(project.pushes()), len(github.requests)
    run = project.deferfix(*gh_args(github))
    assert run.code == 0, run.err
    assert run.out.strip() == (
        "not proposed again: pull request #1 with these fixes was closed without merging "
        "(https://github.example/acme/widgets/pull/1); nothing pushed or opened until the "
        "fixes change")
    assert [r.method for r in github.requests[before:]] == ["GET", "GET"]
    assert github.requests[-1].query["state"] == "closed"
    assert len(project.pushes()) == pushes
    # Another fix: a new pull request with both.
    project.commit({"gauge.go": GAUGE}, "gauge")
    project.push()
    run = project.deferfix(*gh_args(github))
    assert run.code == 0 and run.out.startswith("opened pull request #2"), run.err
    assert github.pulls[1]["state"] == "closed"


def test_fixes_back_after_the_bot_closed_their_pull_request_are_proposed_again(project,
                                                                                github):
    assert project.deferfix(*gh_args(github)).code == 0
    project.commit({"counter.go": FIXED_BY_HAND}, "fix by hand")
    project.push()
    assert "closed pull request #1" in project.deferfix(*gh_args(github)).out
    project.commit({"counter.go": COUNTER}, "revert the fix by hand")
    project.push()
    run = project.deferfix(*gh_args(github))
    assert run.code == 0 and run.out.startswith("opened pull request #2"), run.err


def test_fixes_back_after_a_merge_are_proposed_again(project, gitea):
    args = ("--forge", "gitea", "--api-url", gitea.root, "--repo", "acme/widgets")
    assert project.deferfix(*args, token_env="GITEA_TOKEN").code == 0
    gitea.merge(1)
    run = project.deferfix(*args, token_env="GITEA_TOKEN")
    assert run.code == 0 and run.out.startswith("opened pull request #2"), run.err


def test_the_fix_set_identity_ignores_positions_and_sees_each_fix():
    from codemod.bot import Proposal
    from codemod.runner import FileChange, RunResult

    def proposal(files: dict[str, tuple[str, str]]) -> Proposal:
        changes = [(path, FileChange(f"/abs/{path}", path, old.encode(), new.encode(), []))
                   for path, (old, new) in sorted(files.items())]
        return Proposal(RunResult(), changes, {}, "main", True)

    fixed = COUNTER.replace("defer c.mu.Lock()", "defer c.mu.Unlock()")
    one = proposal({"counter.go": (COUNTER, fixed)})
    moved = proposal({"counter.go": ("// doc\n" + COUNTER + "// end\n",
                                     "// doc\n" + fixed + "// end\n")})
    assert one.fixes_id == moved.fixes_id and one.change_hash != moved.change_hash
    other_file = proposal({"other.go": (COUNTER, fixed)})
    two = proposal({"counter.go": (COUNTER, fixed),
                    "gauge.go": (GAUGE, GAUGE.replace("defer g.mu.RLock()",
                                                      "defer g.mu.RUnlock()"))})
    written_otherwise = proposal({"counter.go": (COUNTER, COUNTER.replace(
        "defer c.mu.Lock()", "defer func() { c.mu.Unlock() }()"))})
    assert len({one.fixes_id, other_file.fixes_id, two.fixes_id,
                written_otherwise.fixes_id}) == 4


# --- remote URLs ----------------------------------------------------------------------------

@pytest.mark.parametrize("url,expected", [
    ("https://github.com/acme/widgets.git", ("https", "github.com", None, "", "acme", "widgets")),
    ("git@github.com:acme/widgets.git", ("ssh", "github.com", None, "", "acme", "widgets")),
    ("ssh://git@gitea.example.com:2222/acme/widgets.git",
     ("ssh", "gitea.example.com", 2222, "", "acme", "widgets")),
    ("https://tok:x@git.corp.example:8443/forge/acme/widgets",
     ("https", "git.corp.example", 8443, "/forge", "acme", "widgets")),
])
def test_parse_remote(url, expected):
    remote = parse_remote(url)
    assert (remote.scheme, remote.host, remote.port, remote.prefix, remote.owner,
            remote.name) == expected


@pytest.mark.parametrize("url", ["/srv/git/widgets.git", "file:///srv/git/widgets.git",
                                 "../widgets.git", "https://example.com/widgets"])
def test_parse_remote_without_a_repository(url):
    assert parse_remote(url) is None


def test_forge_and_api_inference():
    def remote(host, scheme="https", port=None, prefix=""):
        return Remote(scheme, host, port, prefix, "acme", "widgets")
    assert infer_forge(remote("github.com")) == "github"
    assert infer_forge(remote("github.corp.example")) == "github"
    assert infer_forge(remote("codeberg.org")) == "gitea"
    assert infer_forge(remote("gitea.example.com")) == "gitea"
    assert infer_forge(remote("git.example.com")) is None
    assert api_url_for("github", remote("github.com")) == "https://api.github.com"
    assert api_url_for("github", remote("github.corp.example")) == \
        "https://github.corp.example/api/v3"
    assert api_url_for("gitea", remote("gitea.example.com", "ssh", 2222)) == \
        "https://gitea.example.com/api/v1"
    assert api_url_for("gitea", remote("git.local", "http", 3000, "/forge")) == \
        "http://git.local:3000/forge/api/v1"
    assert normalise_api_url("gitea", "https://gitea.example.com/") == \
        "https://gitea.example.com/api/v1"
    assert normalise_api_url("github", "https://ghe.example.com/api/v3/") == \
        "https://ghe.example.com/api/v3"


# --- the README's workflows -----------------------------------------------------------------

def _readme_workflow(heading: str) -> dict:
    import yaml
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    section = readme.split("## Bot mode: `deferfix pr`", 1)[1].split(heading, 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    return yaml.safe_load(block)


@pytest.mark.parametrize("heading,token_env,command", [
    ("### GitHub Actions", "GITHUB_TOKEN", "deferfix pr"),
    ("### Gitea Actions", "GITEA_TOKEN", "deferfix pr --forge gitea"),
])
def test_the_readme_workflows_run_deferfix_pr_on_a_schedule(heading, token_env, command):
    workflow = _readme_workflow(heading)
    triggers = workflow.get("on", workflow.get(True))     # YAML 1.1 reads `on` as true
    assert triggers["schedule"][0]["cron"].count(" ") == 4
    steps = workflow["jobs"]["deferfix"]["steps"]
    runs = [step for step in steps if step.get("run") == command]
    assert len(runs) == 1
    assert runs[0]["env"][token_env].startswith("${{ secrets.")
    assert any(step.get("uses", "").startswith("actions/setup-go@") for step in steps)
    assert steps[0]["uses"].startswith("actions/checkout@")
    if token_env == "GITHUB_TOKEN":
        assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}


# --- the body -------------------------------------------------------------------------------

def _proposal(files: int, fixes_per_file: int, message: str = "defer x.mu.Lock() after Lock"):
    from codemod.bot import Proposal
    from codemod.model import Edit, Finding, Fix
    from codemod.runner import FileChange, RunResult

    changes = []
    for n in range(files):
        path = f"pkg{n}/file.go"
        applied = [Finding("deferred-lock", path, 10 + i, 2, message,
                           Fix("safe", "Unlock", (Edit(0, 1, b"x"),), "taken just before"))
                   for i in range(fixes_per_file)]
        changes.append((path, FileChange(f"/abs/{path}", path, b"a\nb\n", b"a\nc\n", applied)))
    return Proposal(RunResult(), changes, {}, "main", True)


def test_a_long_body_is_cut_below_the_forge_limit():
    from codemod.bot import MAX_BODY, body
    text = body(_proposal(400, 5), "deferfix/fixes")
    assert len(text) <= MAX_BODY
    assert "more fixes not listed here: the commit has them all." in text
    assert "more files not listed here" in text
    assert text.rstrip().endswith("-->") and "## Verification" in text
    small = body(_proposal(2, 1), "deferfix/fixes")
    assert "not listed here" not in small


def test_table_cells_escape_pipes_and_html_outside_code():
    from codemod.bot import body
    text = body(_proposal(1, 1, "x | y <-chan `a|b <T>`"), "deferfix/fixes")
    assert r"| x \| y &lt;-chan `a\|b <T>` |" in text


# --- verification --------------------------------------------------------------------------

def test_pr_leaves_out_fixes_go_vet_could_not_check_unless_allowed(tmp_path, github):
    # A go line newer than the toolchain: go vet cannot load the module, gofmt alone checks
    # the fix. The bot requires vet (as --require-vet) unless --allow-unverified.
    (tmp_path / "unvettable").mkdir()
    project = Project(tmp_path / "unvettable")
    project.commit({"go.mod": GO_MOD.replace("go 1.21", "go 1.99"), "counter.go": COUNTER},
                   "widgets")
    project.push()
    refused = project.deferfix(*gh_args(github, "--dry-run"), token=None)
    assert "defer c.mu.Unlock()" not in refused.out, refused.out
    assert "--require-vet" in refused.err, refused.err
    allowed = project.deferfix(*gh_args(github, "--dry-run", "--allow-unverified"), token=None)
    assert allowed.code == 0, allowed.err
    assert "+\tdefer c.mu.Unlock()" in allowed.out
    assert "could not vet: go: go.mod requires go &gt;= 1.99" in allowed.out
    assert "1 changed file could only be checked with gofmt" in allowed.out
    assert github.requests == []


def test_new_from_rev_proposes_only_the_fixes_of_new_lines(project, github):
    """`pr --new-from-rev v1`: counter.go's finding predates the tag, gauge.go's does not."""
    project.git(project.work, "tag", "v1")
    project.commit({"gauge.go": GAUGE}, "gauge")
    project.push()
    project.git(project.work, "push", "--quiet", "origin", "v1")
    run = project.deferfix(*gh_args(github, "--dry-run", "--new-from-rev", "v1"), token=None)
    assert run.code == 0, run.err
    assert "+\tdefer g.mu.RUnlock()" in run.out and "c.mu.Unlock()" not in run.out
    assert "\ntitle: deferfix: 1 verified fix (deferred-lock)\n" in run.out
    unknown = project.deferfix(*gh_args(github, "--dry-run", "--new-from-rev", "v9"),
                               token=None)
    assert_one_line_error(unknown)
    assert "--new-from-rev v9: not a revision git knows" in unknown.err


SHARED_OPTIONS = ("select", "ignore", "go_version", "no_verify", "jobs", "include_generated",
                  "exclude", "new_from_rev", "config_file", "isolated")


def test_pr_and_the_fixing_commands_share_one_declaration_of_their_options():
    """codemod/options.py declares each option `pr` shares with check, diff and apply once:
    the same flags, help and parsing; bot.py no longer imports the cli to reach them."""
    from codemod.bot import pr
    from codemod.cli import main
    for command in ("check", "diff", "apply"):
        theirs = {p.name: p for p in main.commands[command].params}
        ours = {p.name: p for p in pr.params}
        for name in SHARED_OPTIONS:
            assert (ours[name].opts, ours[name].help, ours[name].callback) == \
                (theirs[name].opts, theirs[name].help, theirs[name].callback), (command, name)
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, codemod.bot; print('codemod.cli' in sys.modules)"],
        capture_output=True, text=True, check=True)
    assert imported.stdout == "False\n"


@pytest.mark.parametrize("arguments, message", [
    (["--select", "no-such-rule"], "unknown rule 'no-such-rule'"),
    (["--go-version", "2.x"], "--go-version"),
    (["--config", "x.toml", "--isolated"], "--config and --isolated contradict each other")])
def test_pr_checks_the_shared_options_as_check_does(tmp_path, monkeypatch, arguments,
                                                    message):
    from click.testing import CliRunner
    from codemod.cli import main
    monkeypatch.chdir(tmp_path)
    for command in ("pr", "check"):
        got = CliRunner().invoke(main, [command, *arguments])
        assert got.exit_code == 2 and message in got.output, (command, got.output)
        assert got.exception is None or isinstance(got.exception, SystemExit)
