"""The forge clients of bot mode: GitHub (and GitHub Enterprise) and Gitea/Forgejo.

Each client does the few calls `deferfix pr` needs: find the open (or the last closed) pull
request for a head branch, create one (as a draft, with labels and reviewers), update its
title and body, close it and comment on it, and make a link to a line of a file at a
commit. They speak each forge's documented REST shapes through `requests`, retry with
backoff on 429 and on a 403 that says it is a rate limit (honouring `Retry-After` and
GitHub's `x-ratelimit-reset`) and on a 404 that is the forge catching up with a push, and
raise `ForgeError` with a one-line message and the HTTP status. The token goes into the
Authorization header and nowhere else: every message that leaves this module passes through
`Redactor`.
"""

from __future__ import annotations

import email.utils
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable, Sequence

import requests
import requests.auth

USER_AGENT = "deferfix-bot"
_STATUS_RETRY = {429, 502, 503, 504}
RATE_LIMIT_WAIT = 60.0     # GitHub: a secondary rate limit without a hint means a minute


class ForgeError(Exception):
    """A failed forge call, with a one-line message that never holds the token."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status      # the HTTP status, when the forge answered


class PullRequestExists(ForgeError):
    """GitHub's 422 "A pull request already exists" or Gitea's 409 on create."""


@dataclass
class PullRequest:
    number: int
    url: str
    title: str
    body: str
    head: str
    base: str
    state: str = "open"
    merged: bool = False
    draft: bool = False

    @classmethod
    def from_json(cls, data: dict) -> "PullRequest":
        return cls(number=int(data["number"]), url=data.get("html_url") or "",
                   title=data.get("title") or "", body=data.get("body") or "",
                   head=(data.get("head") or {}).get("ref") or "",
                   base=(data.get("base") or {}).get("ref") or "",
                   state=data.get("state") or "open",
                   merged=bool(data.get("merged") or data.get("merged_at")),
                   draft=bool(data.get("draft")))


class Redactor:
    """Replaces secrets (the token, passwords in URLs) in any text shown to the user."""

    _URL_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")

    def __init__(self, *secrets: str) -> None:
        self.secrets = [s for s in secrets if s]

    def add(self, secret: str) -> None:
        if secret:
            self.secrets.append(secret)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return self._URL_USERINFO.sub(r"\g<scheme>***@", text)


@dataclass
class RetryPolicy:
    attempts: int = 6              # tries in all, the first included
    backoff: float = 1.0           # first wait without a hint from the server; doubles
    max_wait: float = 300.0        # a server asking for longer than this is an error
    scale: float = 1.0             # multiplies every real sleep (tests make it tiny)
    sleep: Callable[[float], None] = time.sleep
    waits: list[float] = field(default_factory=list)   # the waits asked for, unscaled


def _retry_after(response: requests.Response, now: float) -> float | None:
    """Seconds the server asks us to wait: Retry-After, else GitHub's x-ratelimit-reset."""
    value = response.headers.get("Retry-After")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - now)
        except (TypeError, ValueError):
            pass
    if response.headers.get("x-ratelimit-remaining") == "0":
        reset = response.headers.get("x-ratelimit-reset", "")
        if reset.isdigit():
            return max(0.0, float(reset) - now) + 1.0
    return None


def _is_rate_limit(response: requests.Response) -> bool:
    if response.status_code == 429:
        return True
    if response.status_code != 403:
        return False
    if "Retry-After" in response.headers or response.headers.get("x-ratelimit-remaining") == "0":
        return True
    return "rate limit" in _message(response).lower()


def _message(response: requests.Response) -> str:
    """The error text of a forge response: GitHub's message and errors, Gitea's message."""
    try:
        data = response.json()
    except ValueError:
        return " ".join(response.text.split())[:200]
    if not isinstance(data, dict):
        return ""
    parts = [str(data.get("message") or "")]
    for error in data.get("errors") or []:
        if isinstance(error, dict) and error.get("message"):
            parts.append(str(error["message"]))
        elif isinstance(error, str):
            parts.append(error)
    return ": ".join(p for p in parts if p)


class _HeaderAuth(requests.auth.AuthBase):
    """Sets the Authorization header; requests drops it on a redirect to another host."""

    def __init__(self, value: str) -> None:
        self.value = value

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self.value
        return request

    def __repr__(self) -> str:
        return "<token>"


class Api:
    """One forge's REST API: a session with the auth header, retries and one-line errors."""

    def __init__(self, base_url: str, headers: dict[str, str], redact: Redactor,
                 retry: RetryPolicy | None = None, timeout: float = 30.0,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        auth = headers.pop("Authorization", None)
        self.session.headers.update({"User-Agent": USER_AGENT, **headers})
        # As session auth, the token wins over ~/.netrc; proxy settings still apply.
        self.session.auth = _HeaderAuth(auth) if auth else None
        self.redact = redact
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.on_wait = on_wait or (lambda message: None)
        self.calls = 0

    def request(self, method: str, path: str, *, ok: tuple[int, ...] = (200,),
                params: dict | None = None, json: dict | None = None) -> requests.Response:
        url = self.base_url + path
        attempts = self.retry.attempts
        for attempt in range(1, attempts + 1):
            self.calls += 1
            try:
                response = self.session.request(method, url, params=params, json=json,
                                                timeout=self.timeout)
            except requests.RequestException as exc:
                if attempt == attempts:
                    raise ForgeError(self.redact(f"{method} {url}: {_one_line(exc)}")) from None
                self._pause(f"connection failed: {method} {path}",
                            self._backoff(self.retry.backoff, attempt))
                continue
            if response.status_code in ok:
                return response
            limited = _is_rate_limit(response)
            if not limited and response.status_code not in _STATUS_RETRY:
                raise self._error(method, url, response)
            if attempt == attempts:
                raise self._error(method, url, response, f"gave up after {attempt} tries")
            wait = _retry_after(response, time.time())
            if wait is not None and wait > self.retry.max_wait:
                raise self._error(method, url, response, f"asked to wait {wait:.0f}s, more "
                                  f"than the {self.retry.max_wait:.0f}s allowed")
            if wait is None:
                # GitHub: with no hint, wait a minute before retrying, and longer each time.
                wait = self._backoff(RATE_LIMIT_WAIT if limited else self.retry.backoff, attempt)
            why = "rate limited" if limited else "server error"
            self._pause(f"{why} (HTTP {response.status_code}): {method} {path}", wait)
        raise AssertionError("unreachable")

    def _backoff(self, first: float, attempt: int) -> float:
        return min(first * 2 ** (attempt - 1), self.retry.max_wait)

    def _pause(self, why: str, wait: float) -> None:
        self.retry.waits.append(wait)
        self.on_wait(self.redact(f"{why}; retrying in {wait:g}s"))
        self.retry.sleep(wait * self.retry.scale)

    def _error(self, method: str, url: str, response: requests.Response,
               extra: str = "") -> ForgeError:
        message = _message(response) or response.reason or ""
        text = f"{method} {url}: HTTP {response.status_code}"
        if message:
            text += f": {message}"
        if extra:
            text += f" ({extra})"
        return ForgeError(self.redact(_one_line(text)), response.status_code)

    def json(self, method: str, path: str, **kwargs) -> object:
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ForgeError(self.redact(f"{method} {self.base_url + path}: the forge "
                                         f"answered HTTP {response.status_code} without JSON"),
                             response.status_code) from None


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


class Forge:
    """What the bot asks of a forge. `owner`/`name` name the repository.

    `warn` receives one line for each part of a call that is best effort (a label, a reviewer,
    a comment) and failed; the call itself goes on.
    """

    kind = ""
    token_env = ""
    closed_pages = 10          # how far back the latest closed pull request is looked for

    def __init__(self, api: Api, owner: str, name: str,
                 warn: Callable[[str], None] | None = None) -> None:
        self.api = api
        self.owner = owner
        self.name = name
        self.warn = warn or (lambda message: None)
        # Set once the bot has pushed in this run: the forge may not have caught up with the
        # push yet, so a 404 from the pull-request endpoints is retried for a while.
        self.pushed = False

    @property
    def repo_path(self) -> str:
        quote = urllib.parse.quote
        return f"/repos/{quote(self.owner, safe='')}/{quote(self.name, safe='')}"

    # --- what each forge implements -----------------------------------------------------
    def find_open_pr(self, head: str) -> PullRequest | None:
        raise NotImplementedError

    def find_closed_pr(self, head: str, base: str) -> PullRequest | None:
        """The most recently closed (or merged) pull request from `head` into `base`."""
        raise NotImplementedError

    def _create(self, title: str, body: str, head: str, base: str,
                draft: bool) -> PullRequest:
        raise NotImplementedError

    def update_pr(self, pr: PullRequest, title: str, body: str) -> PullRequest:
        raise NotImplementedError

    def close_pr(self, number: int, body: str | None = None) -> None:
        raise NotImplementedError

    def add_labels(self, pr: PullRequest, labels: list[str]) -> None:
        raise NotImplementedError

    def request_reviewers(self, pr: PullRequest, reviewers: list[str]) -> None:
        raise NotImplementedError

    def line_url(self, sha: str, path: str, line: int) -> str:
        """The web page of `path` at commit `sha`, scrolled to `line`."""
        raise NotImplementedError

    # --- shared -------------------------------------------------------------------------
    def title_matches(self, pr: PullRequest, title: str) -> bool:
        return pr.title == title

    def create_pr(self, title: str, body: str, head: str, base: str, *, draft: bool = False,
                  labels: Sequence[str] = (), reviewers: Sequence[str] = ()) -> PullRequest:
        """Open the pull request; labels and reviewers are best effort (see `warn`)."""
        pr = self._pulls_call(lambda: self._create(title, body, head, base, draft))
        if labels:
            self.best_effort("add labels", lambda: self.add_labels(pr, list(labels)))
        if reviewers:
            self.best_effort("request reviewers",
                              lambda: self.request_reviewers(pr, list(reviewers)))
        return pr

    def comment(self, number: int, body: str) -> None:
        self.api.request("POST", f"{self.repo_path}/issues/{number}/comments",
                         json={"body": body}, ok=(201,))

    def best_effort(self, what: str, call: Callable[[], None]) -> bool:
        try:
            call()
            return True
        except ForgeError as exc:
            self.warn(f"could not {what}: {exc}")
            return False

    def _pulls_call(self, call: Callable[[], object]):
        """`call`, retried with backoff while a 404 from the pull endpoints is transient."""
        policy = self.api.retry
        for attempt in range(1, policy.attempts + 1):
            try:
                return call()
            except ForgeError as exc:
                if exc.status != 404 or attempt == policy.attempts or \
                        not self._transient_404():
                    raise
                self.api._pause("not found (HTTP 404) though the repository is there; the "
                                "forge may not have caught up with a push",
                                self.api._backoff(policy.backoff, attempt))
        raise AssertionError("unreachable")

    def _transient_404(self) -> bool:
        return self.pushed


_GITEA_WIP = ("WIP:", "[WIP]")      # Gitea's default WORK_IN_PROGRESS_PREFIXES


class GitHub(Forge):
    """api.github.com, or GitHub Enterprise Server at https://HOST/api/v3."""

    kind = "github"
    token_env = "GITHUB_TOKEN"

    @staticmethod
    def headers(token: str) -> dict[str, str]:
        return {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
                "Authorization": f"Bearer {token}"}

    @property
    def web_root(self) -> str:
        root = self.api.base_url
        if urllib.parse.urlsplit(root).hostname == "api.github.com":
            return "https://github.com"
        return root.removesuffix("/api/v3")

    def line_url(self, sha: str, path: str, line: int) -> str:
        return (f"{self.web_root}/{_q(self.owner)}/{_q(self.name)}/blob/{sha}/"
                f"{urllib.parse.quote(path)}#L{line}")

    def _list(self, head: str, state: str) -> list[dict]:
        pulls = self.api.json("GET", f"{self.repo_path}/pulls",
                              params={"state": state, "head": f"{self.owner}:{head}",
                                      "per_page": 100})
        return [p for p in (pulls if isinstance(pulls, list) else [])
                if (p.get("head") or {}).get("ref") == head]

    def find_open_pr(self, head: str) -> PullRequest | None:
        for data in self._pulls_call(lambda: self._list(head, "open")):
            if data.get("state") == "open":
                return PullRequest.from_json(data)
        return None

    def find_closed_pr(self, head: str, base: str) -> PullRequest | None:
        # Newest first (GitHub sorts by creation, descending).
        pulls = [p for p in self._pulls_call(lambda: self._list(head, "closed"))
                 if (p.get("base") or {}).get("ref") == base]
        pulls.sort(key=lambda p: -int(p.get("number") or 0))
        return PullRequest.from_json(pulls[0]) if pulls else None

    def _create(self, title: str, body: str, head: str, base: str,
                draft: bool) -> PullRequest:
        payload = {"title": title, "body": body, "head": head, "base": base,
                   "maintainer_can_modify": True}
        if draft:
            payload["draft"] = True
        try:
            data = self.api.json("POST", f"{self.repo_path}/pulls", json=payload, ok=(201,))
        except ForgeError as exc:
            text = str(exc).lower()
            if exc.status == 422 and "already exists" in text:
                raise PullRequestExists(str(exc), exc.status) from None
            if draft and exc.status == 422 and "draft" in text:
                # "Draft pull requests are not supported in this repository."
                self.warn(f"could not open a draft: {exc}; opening a ready pull request")
                return self._create(title, body, head, base, False)
            raise
        return PullRequest.from_json(data)

    def update_pr(self, pr: PullRequest, title: str, body: str) -> PullRequest:
        data = self.api.json("PATCH", f"{self.repo_path}/pulls/{pr.number}",
                             json={"title": title, "body": body})
        return PullRequest.from_json(data)

    def close_pr(self, number: int, body: str | None = None) -> None:
        payload = {"state": "closed", **({"body": body} if body is not None else {})}
        self.api.request("PATCH", f"{self.repo_path}/pulls/{number}", json=payload)

    def add_labels(self, pr: PullRequest, labels: list[str]) -> None:
        # A pull request is an issue: its labels are the issue's, set by name.
        self.api.request("POST", f"{self.repo_path}/issues/{pr.number}/labels",
                         json={"labels": labels})

    def request_reviewers(self, pr: PullRequest, reviewers: list[str]) -> None:
        users = [r for r in reviewers if "/" not in r]
        teams = [r.split("/", 1)[1] for r in reviewers if "/" in r]
        self.api.request("POST", f"{self.repo_path}/pulls/{pr.number}/requested_reviewers",
                         json={"reviewers": users, "team_reviewers": teams}, ok=(201, 200))


class Gitea(Forge):
    """Gitea and Forgejo at https://HOST/api/v1."""

    kind = "gitea"
    token_env = "GITEA_TOKEN"
    page_size = 50       # Gitea's default MAX_RESPONSE_ITEMS
    max_pages = 40

    @staticmethod
    def headers(token: str) -> dict[str, str]:
        return {"Accept": "application/json", "Authorization": f"token {token}"}

    @property
    def web_root(self) -> str:
        return self.api.base_url.removesuffix("/api/v1")

    def line_url(self, sha: str, path: str, line: int) -> str:
        return (f"{self.web_root}/{_q(self.owner)}/{_q(self.name)}/src/commit/{sha}/"
                f"{urllib.parse.quote(path)}#L{line}")

    def _ours(self, data: dict, head: str) -> bool:
        full_name = f"{self.owner}/{self.name}".lower()
        head_info = data.get("head") or {}
        head_repo = ((head_info.get("repo") or {}).get("full_name") or full_name)
        return head_info.get("ref") == head and head_repo.lower() == full_name

    def _walk(self, params: dict, pages: int):
        # Gitea's list has no head filter: walk the pull requests page by page.
        for page in range(1, pages + 1):
            pulls = self._pulls_call(lambda: self.api.json(
                "GET", f"{self.repo_path}/pulls",
                params={**params, "page": page, "limit": self.page_size}))
            if not isinstance(pulls, list):
                return
            yield from pulls
            if len(pulls) < self.page_size:
                return

    def find_open_pr(self, head: str) -> PullRequest | None:
        for data in self._walk({"state": "open"}, self.max_pages):
            if self._ours(data, head) and data.get("state") == "open":
                return PullRequest.from_json(data)
        return None

    def find_closed_pr(self, head: str, base: str) -> PullRequest | None:
        found = [data for data in self._walk({"state": "closed", "sort": "recentclose",
                                              "base_branch": base}, self.closed_pages)
                 if self._ours(data, head)]
        found.sort(key=lambda p: -int(p.get("number") or 0))
        return PullRequest.from_json(found[0]) if found else None

    def _transient_404(self) -> bool:
        """A 404 from the pull endpoints of a repository that is there, with pull requests
        on, is transient: Gitea answers so while it still marks the repository empty (a queue
        clears the mark after the first push, so the mark may be gone by the time the
        repository is asked) and may lag the bot's own push. A repository that is not there,
        or has pull requests switched off, is an error at once."""
        try:
            repo = self.api.json("GET", self.repo_path)
        except ForgeError as exc:
            if exc.status == 404:
                raise ForgeError(f"repository {self.owner}/{self.name} not found, or the "
                                 f"token cannot read it ({exc})", 404) from None
            raise
        if isinstance(repo, dict) and repo.get("has_pull_requests") is False \
                and not repo.get("empty"):
            raise ForgeError(f"repository {self.owner}/{self.name} has pull requests "
                             f"switched off", 404)
        return True

    def title_matches(self, pr: PullRequest, title: str) -> bool:
        return _strip_wip(pr.title) == title

    def _create(self, title: str, body: str, head: str, base: str,
                draft: bool) -> PullRequest:
        # Gitea marks a draft ("work in progress") by a title prefix.
        payload = {"title": f"WIP: {title}" if draft else title, "body": body, "head": head,
                   "base": base}
        try:
            data = self.api.json("POST", f"{self.repo_path}/pulls", json=payload, ok=(201,))
        except ForgeError as exc:
            if exc.status == 409:
                raise PullRequestExists(str(exc), exc.status) from None
            raise
        return PullRequest.from_json(data)

    def update_pr(self, pr: PullRequest, title: str, body: str) -> PullRequest:
        # A draft stays a draft, and one a person marked ready stays ready.
        wip = pr.title[:len(pr.title) - len(_strip_wip(pr.title))]
        if wip:
            title = f"{wip.rstrip()} {title}"
        # Gitea answers an edit with 201 (its own TODO says it should be 200).
        data = self._pulls_call(lambda: self.api.json(
            "PATCH", f"{self.repo_path}/pulls/{pr.number}", json={"title": title, "body": body},
            ok=(200, 201)))
        return PullRequest.from_json(data)

    def close_pr(self, number: int, body: str | None = None) -> None:
        payload = {"state": "closed", **({"body": body} if body is not None else {})}
        self.api.request("PATCH", f"{self.repo_path}/pulls/{number}", json=payload,
                         ok=(200, 201))

    def add_labels(self, pr: PullRequest, labels: list[str]) -> None:
        # By name (the repository's labels, and the organisation's); Gitea skips a name that
        # is no label silently. This call needs write:issue.
        data = self.api.json("POST", f"{self.repo_path}/issues/{pr.number}/labels",
                             json={"labels": labels})
        have = {label.get("name") for label in data if isinstance(label, dict)} \
            if isinstance(data, list) else set(labels)
        missing = [label for label in labels if label not in have]
        if missing:
            self.warn(f"no label {', '.join(missing)} in {self.owner}/{self.name}; "
                      f"left out")

    def request_reviewers(self, pr: PullRequest, reviewers: list[str]) -> None:
        users = [r for r in reviewers if "/" not in r]
        teams = [r.split("/", 1)[1] for r in reviewers if "/" in r]
        self.api.request("POST", f"{self.repo_path}/pulls/{pr.number}/requested_reviewers",
                         json={"reviewers": users, "team_reviewers": teams}, ok=(201, 200))


def _strip_wip(title: str) -> str:
    for prefix in _GITEA_WIP:
        if title.upper().startswith(prefix):
            return title[len(prefix):].lstrip()
    return title


def _q(segment: str) -> str:
    return urllib.parse.quote(segment, safe="")


FORGES: dict[str, type[Forge]] = {"github": GitHub, "gitea": Gitea}


# --- remotes --------------------------------------------------------------------------------

@dataclass
class Remote:
    """What a git remote URL says: where the forge is and which repository."""

    scheme: str          # https, http, ssh
    host: str            # without port; "" for a local path
    port: int | None
    prefix: str          # path before owner/name (a forge served below a sub-path)
    owner: str
    name: str


_SCP_LIKE = re.compile(r"^(?:[^@/\s]+@)?(?P<host>[^:/\s]+):(?P<path>(?!/).+)$")


def parse_remote(url: str) -> Remote | None:
    """`https://host/owner/name.git`, `git@host:owner/name.git`, `ssh://git@host:22/owner/name`.

    None for a local path or a file:// URL (nothing says which forge or repository).
    """
    url = url.strip()
    if "://" in url:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme == "file" or not parts.hostname:
            return None
        scheme = "ssh" if parts.scheme in ("ssh", "git+ssh", "ssh+git", "git") else parts.scheme
        try:
            port = parts.port
        except ValueError:
            port = None
        host, path = parts.hostname, parts.path
    else:
        match = _SCP_LIKE.match(url)
        if not match or "/" in match.group("host"):
            return None
        scheme, host, port, path = "ssh", match.group("host"), None, match.group("path")
    segments = [s for s in path.strip("/").split("/") if s]
    if len(segments) < 2:
        return None
    name = segments[-1][:-4] if segments[-1].endswith(".git") else segments[-1]
    prefix = "/" + "/".join(segments[:-2]) if len(segments) > 2 else ""
    return Remote(scheme, host.lower(), port, prefix, segments[-2], name)


def infer_forge(remote: Remote) -> str | None:
    """github for github.com and hosts named github*; gitea for gitea/forgejo/codeberg hosts."""
    labels = remote.host.split(".")
    if remote.host == "github.com" or any(label.startswith("github") for label in labels):
        return "github"
    if remote.host == "codeberg.org" or any(label.startswith(("gitea", "forgejo"))
                                            for label in labels):
        return "gitea"
    return None


def api_url_for(kind: str, remote: Remote) -> str:
    """The REST root: api.github.com, https://HOST/api/v3 (Enterprise), https://HOST/api/v1."""
    if kind == "github" and remote.host == "github.com":
        return "https://api.github.com"
    scheme = remote.scheme if remote.scheme in ("http", "https") else "https"
    port = f":{remote.port}" if remote.port and scheme == remote.scheme else ""
    root = f"{scheme}://{remote.host}{port}{remote.prefix}"
    return root + ("/api/v3" if kind == "github" else "/api/v1")


def normalise_api_url(kind: str, url: str) -> str:
    """--api-url as given; for Gitea, `/api/v1` is added when it is missing."""
    url = url.rstrip("/")
    if kind == "gitea" and not url.endswith("/api/v1"):
        url += "/api/v1"
    return url


def make_forge(kind: str, api_url: str, owner: str, name: str, token: str, redact: Redactor,
               retry: RetryPolicy | None = None,
               on_wait: Callable[[str], None] | None = None) -> Forge:
    """The client; `on_wait` receives the retry lines and the best-effort warnings."""
    forge_class = FORGES[kind]
    api = Api(api_url, forge_class.headers(token), redact, retry, on_wait=on_wait)
    return forge_class(api, owner, name, warn=lambda text: api.on_wait(redact(text)))
