"""`deferfix pr --forge gitea` against a real Gitea on 127.0.0.1 (tests/gitea.py).

Marked `realforge`, which pyproject's addopts deselect: `python3 -m pytest -m realforge
tests/test_realforge.py` runs them with the Gitea binary that `python3 tests/gitea.py build`
cached, and DEFERFIX_REAL_FORGE=1 selects them and builds it when it is missing. Selected
without a binary, they fail and say how to build it; they are never skipped.

One server serves the module (per xdist worker). Each test makes its own repository owned by
`acme` (an admin, who pushes main like a person), with `deferfix-bot` as a collaborator whose
token has `write:repository` only, and checks what the bot did through Gitea's API, its git
refs and its access log.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import unidiff

import gitea
from fake_forge import LocalServer, read_body, reply
from test_bot import COUNTER, FIXED_BY_HAND, GAUGE, GO_MOD, Run, _git_env, assert_one_line_error

pytestmark = pytest.mark.realforge

BOT = "deferfix-bot"
BRANCH = "deferfix/fixes"


@dataclass
class Server:
    gitea: gitea.Gitea
    owner: gitea.User        # acme: an admin, the repositories' owner, a person
    bot: gitea.User          # deferfix-bot: token with write:repository only
    runs: list[Run] = field(default_factory=list)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Server:
    exe = gitea.binary()
    if exe is None:
        if os.environ.get("DEFERFIX_REAL_FORGE") != "1":
            pytest.fail(f"no Gitea {gitea.VERSION} binary in {gitea.install_dir()}: run "
                        f"`python3 tests/gitea.py build` (about 6.5 CPU minutes) or set "
                        f"DEFERFIX_REAL_FORGE=1")
        exe = gitea.build()
    srv = gitea.Gitea(tmp_path_factory.mktemp("gitea"), exe).start()
    try:
        owner = srv.create_user("acme", admin=True, scopes="all")
        bot = srv.create_user(BOT, scopes="write:repository")
        yield Server(srv, owner, bot)
    finally:
        srv.stop()


def _basic(user: str, token: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()


class Repo:
    """A repository on the server, a person's clone (acme) and the bot's CI clone."""

    def __init__(self, server: Server, tmp: Path, name: str) -> None:
        self.server, self.srv, self.name = server, server.gitea, name
        self.full = f"acme/{name}"
        owner = server.owner.token
        self.srv.api("POST", "/user/repos", token=owner,
                     body={"name": name, "default_branch": "main", "auto_init": False})
        self.srv.api("PUT", f"/repos/{self.full}/collaborators/{BOT}", token=owner,
                     body={"permission": "write"})
        self.url = f"{self.srv.url}/{self.full}.git"
        self.home = tmp / "home"
        self.home.mkdir()
        (self.home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
        self.env = _git_env(self.home)
        self.person = tmp / "person"
        self.git(tmp, "init", "--quiet", "-b", "main", str(self.person))
        self.git(self.person, "remote", "add", "origin", self.url)
        # As actions/checkout does: the credentials are an extra header in the clone's config.
        self.git(self.person, "config", "http.extraHeader",
                 f"Authorization: {_basic('acme', owner)}")
        self.commit({"go.mod": GO_MOD, "counter.go": COUNTER}, "widgets")
        self.push()
        self.ci = tmp / "ci"
        self.git(tmp, "-c", f"http.extraHeader=Authorization: "
                 f"{_basic(BOT, server.bot.token)}", "clone", "--quiet", self.url, str(self.ci))
        self.git(self.ci, "config", "http.extraHeader",
                 f"Authorization: {_basic(BOT, server.bot.token)}")

    def git(self, cwd: Path, *args: str) -> str:
        proc = subprocess.run(["git", *args], cwd=cwd, env=self.env, capture_output=True,
                              text=True)
        assert proc.returncode == 0, f"git {args}: {proc.stderr}"
        return proc.stdout

    def commit(self, files: dict[str, str], message: str) -> str:
        for name, text in files.items():
            (self.person / name).write_text(text)
        self.git(self.person, "add", "--", *files)
        self.git(self.person, "commit", "--quiet", "-m", message)
        return self.git(self.person, "rev-parse", "HEAD").strip()

    def push(self, ref: str = "main") -> None:
        self.git(self.person, "push", "--quiet", "origin", ref)

    def api(self, method: str, path: str, **kwargs):
        return self.srv.api(method, f"/repos/{self.full}{path}",
                            token=self.server.owner.token, **kwargs)

    def pulls(self, state: str = "all") -> list[dict]:
        return self.api("GET", f"/pulls?state={state}&limit=50")

    def branch_sha(self, branch: str) -> str | None:
        out = subprocess.run(["git", "ls-remote", self.url, f"refs/heads/{branch}"],
                             env={**self.env, "GIT_CONFIG_COUNT": "1",
                                  "GIT_CONFIG_KEY_0": "http.extraHeader",
                                  "GIT_CONFIG_VALUE_0":
                                      f"Authorization: {_basic('acme', self.server.owner.token)}"},
                             capture_output=True, text=True, check=True).stdout
        return out.split()[0] if out.strip() else None

    def deferfix(self, *args: str, token: str | None = None,
                 api_url: str | None = None) -> Run:
        env = {**self.env, "GITEA_TOKEN": token or self.server.bot.token}
        more = ("--api-url", api_url) if api_url else ()
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "codemod.cli", "pr", "--forge", "gitea",
                               *more, *args], cwd=self.ci, env=env, capture_output=True,
                              text=True, timeout=300)
        run = Run(proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - started)
        self.server.runs.append(run)
        return run

    def calls(self, since: int) -> list[str]:
        """The requests made as the bot (its API client and its git) since log line `since`,
        as `METHOD /path STATUS` (the query left out), from Gitea's access log."""
        lines = access_log(self.srv)[since:]
        found = []
        for line in lines:
            match = re.search(r'"(\w+) (\S+) HTTP/[\d.]+" (\d+)', line)
            if match and f" - {BOT} [" in line:
                path = urllib.parse.urlsplit(match.group(2)).path
                found.append(f"{match.group(1)} {path} {match.group(3)}")
        return found


def access_log(srv: gitea.Gitea) -> list[str]:
    """Gitea's access log; its writer is asynchronous, so wait until it stops growing."""
    path = srv.work / "log" / "access.log"
    last, stable = -1, 0
    for _ in range(40):
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        stable = stable + 1 if len(lines) == last else 0
        if stable >= 2:
            break
        last = len(lines)
        time.sleep(0.1)
    return lines


@pytest.fixture
def repo(server: Server, tmp_path: Path, request) -> Repo:
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:60]
    return Repo(server, tmp_path, name)


def _diff_of(text: str) -> list[tuple]:
    return [(f.path, [(h.source_start, h.source_length, h.target_start, h.target_length,
                       [str(line) for line in h]) for h in f])
            for f in unidiff.PatchSet(text)]


# --- first run, rerun, update -------------------------------------------------------------

def test_first_run_opens_one_pull_request_equal_to_deferfix_diff(repo: Repo):
    since = len(access_log(repo.srv))
    run = repo.deferfix()
    assert run.code == 0, run.err
    calls = repo.calls(since)
    [pull] = repo.pulls()
    assert run.out.strip() == \
        f"opened pull request #{pull['number']}: {repo.srv.url}/{repo.full}/pulls/{pull['number']}"
    assert pull["state"] == "open" and pull["head"]["ref"] == BRANCH
    assert pull["base"]["ref"] == "main"
    assert pull["title"] == "deferfix: 1 verified fix (deferred-lock)"
    base = repo.branch_sha("main")
    link = f"{repo.srv.url}/{repo.full}/src/commit/{base}/counter.go#L14"
    assert f"| [`counter.go:14`]({link}) | `deferred-lock` |" in pull["body"]
    assert "<!-- deferfix:change=" in pull["body"] and "<!-- deferfix:fixes=" in pull["body"]
    # The link opens the line's file on the base commit in Gitea's web UI.
    page = urllib.request.urlopen(link.split("#")[0], timeout=30).read().decode()
    line14 = re.search(r'id="L14".*?</tr>', page, re.DOTALL)
    assert line14 and "Lock" in line14.group(0) and "defer" in line14.group(0)

    repo.git(repo.person, "fetch", "--quiet", "origin", BRANCH)
    log = repo.git(repo.person, "log", "--format=%H %P%n%cn <%ce>%n%B%x00", "main..FETCH_HEAD")
    [commit] = [c for c in log.split("\x00") if c.strip()]
    sha_parent, committer, message = commit.strip().split("\n", 2)
    assert sha_parent.split()[1] == base                           # one commit, on main
    assert committer == "deferfix[bot] <deferfix-bot@users.noreply.invalid>"
    assert re.search(r"^Deferfix-Change: [0-9a-f]{32}$", message, re.MULTILINE)
    # The same change as `deferfix diff` in a checkout of main.
    diff = subprocess.run([sys.executable, "-m", "codemod.cli", "diff", "."], cwd=repo.person,
                          env=repo.env, capture_output=True, text=True)
    assert diff.returncode == 1, diff.stderr
    pushed = repo.git(repo.person, "diff", "main", "FETCH_HEAD")
    assert _diff_of(pushed) == _diff_of(diff.stdout)

    # Every request the run made as the bot, from Gitea's access log: ls-remote and the fetch
    # of main, the open pull requests, the last closed one, the push, the create. While
    # Gitea's queue has not marked the repository non-empty after the first push of main, the
    # pull list answers 404 and the repository is asked: those are left out.
    git, api = f"/{repo.full}.git", f"/api/v1/repos/{repo.full}"
    calls = [c for c in calls if not c.endswith(" 404") and c != f"GET {api} 200"]
    assert calls == [f"GET {git}/info/refs 200", f"POST {git}/git-upload-pack 200",
                     f"GET {git}/info/refs 200", f"POST {git}/git-upload-pack 200",
                     f"GET {api}/pulls 200", f"GET {api}/pulls 200",
                     f"GET {git}/info/refs 200", f"POST {git}/git-receive-pack 200",
                     f"POST {api}/pulls 201"]


def writes(calls: list[str]) -> list[str]:
    """The calls that change something: API calls other than GET, and git pushes."""
    return [c for c in calls if "git-receive-pack" in c or
            (c.split()[1].startswith("/api/") and not c.startswith("GET "))]


def test_unchanged_rerun_makes_no_write_and_no_push(repo: Repo):
    assert repo.deferfix().code == 0
    tip = repo.branch_sha(BRANCH)
    since = len(access_log(repo.srv))
    run = repo.deferfix()
    assert run.code == 0, run.err
    assert run.out.startswith("up to date: pull request #1")
    calls = repo.calls(since)
    assert writes(calls) == [] and f"GET /api/v1/repos/{repo.full}/pulls 200" in calls, calls
    assert repo.branch_sha(BRANCH) == tip


def test_a_changed_fix_updates_the_same_pull_request(repo: Repo):
    assert repo.deferfix().code == 0
    repo.commit({"gauge.go": GAUGE}, "gauge")
    repo.push()
    run = repo.deferfix()
    assert run.code == 0, run.err
    assert run.out.startswith("updated pull request #1:")
    [pull] = repo.pulls()
    assert pull["title"] == "deferfix: 2 verified fixes (deferred-lock)"
    assert "`gauge.go:14`" in pull["body"]
    repo.git(repo.person, "fetch", "--quiet", "origin", BRANCH)
    assert repo.git(repo.person, "rev-parse", "FETCH_HEAD^").strip() == repo.branch_sha("main")


def test_a_human_commit_on_the_branch_stops_the_bot(repo: Repo):
    assert repo.deferfix().code == 0
    repo.git(repo.person, "fetch", "--quiet", "origin", BRANCH)
    repo.git(repo.person, "checkout", "--quiet", "-b", "mine", "FETCH_HEAD")
    human = repo.commit({"NOTES.md": "a note\n"}, "human tweak")
    repo.git(repo.person, "push", "--quiet", "origin", f"mine:{BRANCH}")
    repo.git(repo.person, "checkout", "--quiet", "main")
    repo.commit({"gauge.go": GAUGE}, "gauge")
    repo.push()
    run = repo.deferfix()
    line = assert_one_line_error(run, code=1)
    assert f"commit {human[:12]} by Human Dev <human@example.com>" in line
    assert repo.branch_sha(BRANCH) == human


# --- closing ------------------------------------------------------------------------------

def test_main_fixed_by_hand_closes_the_pull_request_and_deletes_the_branch(repo: Repo):
    # The bot's token has write:repository only: the close works, the comment is refused.
    assert repo.deferfix().code == 0
    repo.commit({"counter.go": FIXED_BY_HAND}, "fix by hand")
    repo.push()
    run = repo.deferfix()
    assert run.code == 0, run.err
    assert run.out.strip() == (f"no fixes on main: closed pull request #1 ({repo.srv.url}/"
                               f"{repo.full}/pulls/1); deleted branch {BRANCH}")
    [pull] = repo.pulls()
    assert pull["state"] == "closed" and not pull["merged"]
    assert repo.branch_sha(BRANCH) is None
    assert "warning: could not comment on pull request #1" in run.err
    assert "HTTP 403" in run.err and "write:issue" in run.err
    assert repo.api("GET", "/issues/1/comments") == []
    rerun = repo.deferfix()
    assert rerun.out.strip() == "no fixes on main: no branch and no pull request", rerun.err


def test_with_write_issue_the_close_comes_with_a_comment(repo: Repo, server: Server):
    token = repo.srv.new_token(server.bot, "write:repository,write:issue",
                               f"issue-{repo.name}")
    assert repo.deferfix(token=token).code == 0
    repo.commit({"counter.go": FIXED_BY_HAND}, "fix by hand")
    repo.push()
    run = repo.deferfix(token=token)
    assert run.code == 0, run.err
    assert "warning" not in run.err
    [comment] = repo.api("GET", "/issues/1/comments")
    assert "nothing left to fix" in comment["body"] and comment["user"]["login"] == BOT


def test_a_pull_request_a_person_closed_is_not_proposed_again(repo: Repo):
    assert repo.deferfix().code == 0
    repo.api("PATCH", "/pulls/1", body={"state": "closed"})
    # Main moves on, and the fixed file changes around the fix: the same fixes.
    repo.commit({"counter.go": "// Package widgets counts.\n" + COUNTER}, "doc")
    repo.push()
    since = len(access_log(repo.srv))
    run = repo.deferfix()
    assert run.code == 0, run.err
    assert run.out.startswith("not proposed again: pull request #1 with these fixes was "
                              "closed without merging")
    assert writes(repo.calls(since)) == []
    assert len(repo.pulls()) == 1
    # New fixes: a new pull request.
    repo.commit({"gauge.go": GAUGE}, "gauge")
    repo.push()
    run = repo.deferfix()
    assert run.code == 0, run.err
    assert run.out.startswith("opened pull request #2")
    assert [p["state"] for p in repo.pulls()] == ["open", "closed"]


# --- options ------------------------------------------------------------------------------

def test_draft_label_and_reviewer(repo: Repo, server: Server):
    token = repo.srv.new_token(server.bot, "write:repository,write:issue",
                               f"labels-{repo.name}")
    repo.api("POST", "/labels", body={"name": "bot", "color": "#00aabb"})
    reviewer = repo.srv.create_user(f"rev{abs(hash(repo.name)) % 10**6}", scopes="read:user")
    repo.api("PUT", f"/collaborators/{reviewer.name}", body={"permission": "read"})
    run = repo.deferfix("--draft", "--label", "bot,nope", "--reviewer", reviewer.name,
                        token=token)
    assert run.code == 0, run.err
    [pull] = repo.pulls()
    assert pull["draft"] and pull["title"] == "WIP: deferfix: 1 verified fix (deferred-lock)"
    assert [label["name"] for label in pull["labels"]] == ["bot"]
    assert "warning: no label nope in" in run.err
    assert [r["login"] for r in pull["requested_reviewers"]] == [reviewer.name]
    # An update keeps the draft; a rerun with nothing new writes nothing.
    repo.commit({"gauge.go": GAUGE}, "gauge")
    repo.push()
    assert repo.deferfix("--draft", token=token).out.startswith("updated pull request #1")
    [pull] = repo.pulls()
    assert pull["title"] == "WIP: deferfix: 2 verified fixes (deferred-lock)" and pull["draft"]
    assert repo.deferfix("--draft", token=token).out.startswith("up to date")


# --- rate limits and secrets ----------------------------------------------------------------

class RateLimitProxy(LocalServer):
    """A reverse proxy in front of Gitea's API that answers 429 (Retry-After) to the
    requests whose ordinal numbers are in `limited`, and forwards the others."""

    def __init__(self, upstream: str, limited: set[int], retry_after: int = 1) -> None:
        self.upstream = urllib.parse.urlsplit(upstream)
        self.limited, self.retry_after = limited, retry_after
        self.seen: list[tuple[float, str, int]] = []     # (time, "METHOD path", status)
        self._lock = threading.Lock()
        super().__init__()

    def serve(self, request) -> None:
        data = read_body(request)
        with self._lock:
            limited = len(self.seen) + 1 in self.limited
            self.seen.append((time.monotonic(), f"{request.command} "
                              f"{urllib.parse.urlsplit(request.path).path}",
                              429 if limited else 0))
        if limited:
            reply(request, 429, {"Retry-After": str(self.retry_after),
                                 "Content-Type": "application/json"},
                  b'{"message":"rate limited"}')
            return
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port,
                                          timeout=30)
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() not in ("host", "connection")}
        conn.request(request.command, request.path, body=data or None, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        conn.close()
        reply(request, response.status,
              {k: v for k, v in response.getheaders()
               if k.lower() not in ("transfer-encoding", "connection", "content-length")},
              payload)


def test_rate_limiting_is_honoured(repo: Repo):
    # The 1st request (the open pull requests) and the 4th (the create) are limited.
    with RateLimitProxy(repo.srv.url, {1, 4}) as proxy:
        run = repo.deferfix(api_url=proxy.root)
    assert run.code == 0, run.err
    assert run.out.startswith("opened pull request #1")
    waits = [line for line in run.err.splitlines() if "retrying in" in line]
    assert len(waits) == 2 and all("rate limited (HTTP 429)" in w and "retrying in 1s" in w
                                   for w in waits), run.err
    seen = proxy.seen
    for n in (0, 3):                       # each retry came after the asked-for second
        assert seen[n][2] == 429 and seen[n + 1][1] == seen[n][1]
        assert seen[n + 1][0] - seen[n][0] >= 1.0
    assert len(repo.pulls()) == 1


def test_the_token_appears_in_no_output_and_no_server_log(repo: Repo, server: Server):
    assert repo.deferfix("-v").code == 0
    repo.commit({"gauge.go": GAUGE}, "gauge")
    repo.push()
    assert repo.deferfix("-v").code == 0
    failed = repo.deferfix("-v", token="0" * 40)          # a wrong token: an error line
    assert failed.code == 2
    repo.commit({"counter.go": FIXED_BY_HAND, "gauge.go": GAUGE.replace(
        "defer g.mu.RLock()", "defer g.mu.RUnlock()")}, "fix by hand")
    repo.push()
    assert repo.deferfix("-v").code == 0
    secrets = [server.bot.token, _basic(BOT, server.bot.token).split()[1]]
    for run in server.runs:
        for secret in secrets:
            assert secret not in run.out and secret not in run.err
    logs = repo.srv.logs()
    assert "deferfix-bot" in logs                 # the log does name the bot's calls
    for secret in secrets:
        assert secret not in logs
