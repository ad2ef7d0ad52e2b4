"""The forge clients of bot mode: GitHub (and GitHub Enterprise) and Gitea/Forgejo.

Each client does the few calls `deferfix pr` needs: find the open pull request for a head
branch, create one, update its title and body, comment on it and close it. They speak each
forge's documented REST shapes through `requests`, retry with backoff on 429 and on a 403
that says it is a rate limit (honouring `Retry-After` and GitHub's `x-ratelimit-reset`), and
raise `ForgeError` with a one-line message. The token goes into the Authorization header and
nowhere else: every message that leaves this module passes through `Redactor`.
"""

from __future__ import annotations

import email.utils
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable

import requests
import requests.auth

USER_AGENT = "deferfix-bot"
_STATUS_RETRY = {429, 502, 503, 504}
RATE_LIMIT_WAIT = 60.0     # GitHub: a secondary rate limit without a hint means a minute


class ForgeError(Exception):
    """A failed forge call, with a one-line message that never holds the token."""


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

    @classmethod
    def from_json(cls, data: dict) -> "PullRequest":
        return cls(number=int(data["number"]), url=data.get("html_url") or "",
                   title=data.get("title") or "", body=data.get("body") or "",
                   head=(data.get("head") or {}).get("ref") or "",
                   base=(data.get("base") or {}).get("ref") or "")


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
        return ForgeError(self.redact(_one_line(text)))

    def json(self, method: str, path: str, **kwargs) -> object:
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ForgeError(self.redact(f"{method} {self.base_url + path}: the forge "
                                         f"answered HTTP {response.status_code} without JSON")) \
                from None


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


class Forge:
    """What the bot asks of a forge. `owner`/`name` name the repository."""

    kind = ""
    token_env = ""

    def __init__(self, api: Api, owner: str, name: str) -> None:
        self.api = api
        self.owner = owner
        self.name = name

    @property
    def repo_path(self) -> str:
        quote = urllib.parse.quote
        return f"/repos/{quote(self.owner, safe='')}/{quote(self.name, safe='')}"

    def find_open_pr(self, head: str) -> PullRequest | None:
        raise NotImplementedError

    def create_pr(self, title: str, body: str, head: str, base: str) -> PullRequest:
        raise NotImplementedError

    def update_pr(self, number: int, title: str, body: str) -> PullRequest:
        raise NotImplementedError

    def comment(self, number: int, body: str) -> None:
        self.api.request("POST", f"{self.repo_path}/issues/{number}/comments",
                         json={"body": body}, ok=(201,))

    def close_pr(self, number: int) -> None:
        raise NotImplementedError


class GitHub(Forge):
    """api.github.com, or GitHub Enterprise Server at https://HOST/api/v3."""

    kind = "github"
    token_env = "GITHUB_TOKEN"

    @staticmethod
    def headers(token: str) -> dict[str, str]:
        return {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
                "Authorization": f"Bearer {token}"}

    def find_open_pr(self, head: str) -> PullRequest | None:
        pulls = self.api.json("GET", f"{self.repo_path}/pulls",
                              params={"state": "open", "head": f"{self.owner}:{head}",
                                      "per_page": 100})
        for data in pulls if isinstance(pulls, list) else []:
            if (data.get("head") or {}).get("ref") == head and data.get("state") == "open":
                return PullRequest.from_json(data)
        return None

    def create_pr(self, title: str, body: str, head: str, base: str) -> PullRequest:
        payload = {"title": title, "body": body, "head": head, "base": base,
                   "maintainer_can_modify": True}
        try:
            data = self.api.json("POST", f"{self.repo_path}/pulls", json=payload, ok=(201,))
        except ForgeError as exc:
            if "HTTP 422" in str(exc) and "already exists" in str(exc).lower():
                raise PullRequestExists(str(exc)) from None
            raise
        return PullRequest.from_json(data)

    def update_pr(self, number: int, title: str, body: str) -> PullRequest:
        data = self.api.json("PATCH", f"{self.repo_path}/pulls/{number}",
                             json={"title": title, "body": body})
        return PullRequest.from_json(data)

    def close_pr(self, number: int) -> None:
        self.api.request("PATCH", f"{self.repo_path}/pulls/{number}", json={"state": "closed"})


class Gitea(Forge):
    """Gitea and Forgejo at https://HOST/api/v1."""

    kind = "gitea"
    token_env = "GITEA_TOKEN"
    page_size = 50       # Gitea's default MAX_RESPONSE_ITEMS
    max_pages = 40

    @staticmethod
    def headers(token: str) -> dict[str, str]:
        return {"Accept": "application/json", "Authorization": f"token {token}"}

    def find_open_pr(self, head: str) -> PullRequest | None:
        # Gitea's list has no head filter: walk the open pull requests page by page.
        full_name = f"{self.owner}/{self.name}".lower()
        for page in range(1, self.max_pages + 1):
            pulls = self.api.json("GET", f"{self.repo_path}/pulls",
                                  params={"state": "open", "page": page,
                                          "limit": self.page_size})
            if not isinstance(pulls, list):
                return None
            for data in pulls:
                head_info = data.get("head") or {}
                head_repo = ((head_info.get("repo") or {}).get("full_name") or full_name)
                if head_info.get("ref") == head and head_repo.lower() == full_name \
                        and data.get("state") == "open":
                    return PullRequest.from_json(data)
            if len(pulls) < self.page_size:
                return None
        return None

    def create_pr(self, title: str, body: str, head: str, base: str) -> PullRequest:
        payload = {"title": title, "body": body, "head": head, "base": base}
        try:
            data = self.api.json("POST", f"{self.repo_path}/pulls", json=payload, ok=(201,))
        except ForgeError as exc:
            if "HTTP 409" in str(exc):
                raise PullRequestExists(str(exc)) from None
            raise
        return PullRequest.from_json(data)

    def update_pr(self, number: int, title: str, body: str) -> PullRequest:
        # Gitea answers an edit with 201 (its own TODO says it should be 200).
        data = self.api.json("PATCH", f"{self.repo_path}/pulls/{number}",
                             json={"title": title, "body": body}, ok=(200, 201))
        return PullRequest.from_json(data)

    def close_pr(self, number: int) -> None:
        self.api.request("PATCH", f"{self.repo_path}/pulls/{number}",
                         json={"state": "closed"}, ok=(200, 201))


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
    forge_class = FORGES[kind]
    api = Api(api_url, forge_class.headers(token), redact, retry, on_wait=on_wait)
    return forge_class(api, owner, name)
