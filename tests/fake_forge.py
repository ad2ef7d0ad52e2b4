"""A local forge API for the bot tests: GitHub's or Gitea's pull-request endpoints.

It serves on 127.0.0.1 (a free port) from a thread, keeps pull requests in memory, checks the
Authorization header, answers with each forge's documented shapes and status codes (GitHub:
201 create, 200 edit, 422 "A pull request already exists"; Gitea: /api/v1, 201 create, 201
edit, 409 "pull request already exists for these targets"), and records every request. A
create is refused (as the real forges do) when the head branch is not in the bare repository
that stands for the forge's git side. `faults` queues canned answers (rate limits and the
like); `hide_from_list` makes the next N list calls miss the open pull requests, which is
what a lookup that races another run sees; `empty_for` makes the next N pull-request calls
answer 404 while the repository says `empty` (Gitea, until its queue has seen the first push).
Labels (by name; GitHub creates a missing one, Gitea skips it) and review requests are kept
on the pull request.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: object


@dataclass
class Fault:
    method: str
    path: str                  # a regular expression matched against the path
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: object = None        # JSON; the text "{auth}" is replaced by the Authorization header


class LocalServer:
    """An HTTP server on 127.0.0.1 (a free port) in a thread, for a `with` block; `serve`
    answers each request (GET, POST, PATCH, PUT, DELETE)."""

    def __init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def serve(self, request: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                server.serve(self)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

            def log_message(self, *args) -> None:
                pass

        return Handler


def reply(request: BaseHTTPRequestHandler, status: int, headers: dict[str, str],
          data: bytes) -> None:
    request.send_response(status)
    for key, value in headers.items():
        request.send_header(key, value)
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)


def read_body(request: BaseHTTPRequestHandler) -> bytes:
    length = int(request.headers.get("Content-Length") or 0)
    return request.rfile.read(length) if length else b""


class FakeForge(LocalServer):
    def __init__(self, flavor: str, token: str, bare_repo: str, owner: str = "acme",
                 name: str = "widgets", default_branch: str = "main") -> None:
        assert flavor in ("github", "gitea")
        self.flavor = flavor
        self.token = token
        self.bare_repo = bare_repo
        self.owner, self.name = owner, name
        self.default_branch = default_branch
        self.pulls: dict[int, dict] = {}
        self.comments: list[tuple[int, str]] = []
        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.hide_from_list = 0
        self.empty_for = 0
        self.labels = {"bot", "dependencies"}       # the repository's labels
        self._next_number = 1
        self._lock = threading.Lock()
        super().__init__()

    # --- control ------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return self.root + ("/api/v1" if self.flavor == "gitea" else "")

    @property
    def prefix(self) -> str:
        return "/api/v1" if self.flavor == "gitea" else ""

    def writes(self) -> list[Recorded]:
        return [r for r in self.requests if r.method != "GET"]

    def open_pulls(self) -> list[dict]:
        return [p for p in self.pulls.values() if p["state"] == "open"]

    def add_pull(self, head: str, base: str = "main", title: str = "someone else's",
                 body: str = "") -> dict:
        with self._lock:
            return self._create(head, base, title, body)

    # --- shapes -------------------------------------------------------------------------
    def _repo_json(self) -> dict:
        full = f"{self.owner}/{self.name}"
        data = {"id": 1, "name": self.name, "full_name": full,
                "default_branch": self.default_branch, "owner": {"login": self.owner},
                "has_pull_requests": True}
        if self.flavor == "gitea":
            data["empty"] = self.empty_for > 0
        if self.flavor == "github":
            data["html_url"] = f"https://github.example/{full}"
        else:
            data["html_url"] = f"{self.root}/{full}"
        return data

    def _branch_sha(self, branch: str) -> str | None:
        proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet",
                               f"refs/heads/{branch}^{{commit}}"], cwd=self.bare_repo,
                              capture_output=True, text=True)
        return proc.stdout.strip() or None

    def _create(self, head: str, base: str, title: str, body: str) -> dict:
        number = self._next_number
        self._next_number += 1
        repo = self._repo_json()
        if self.flavor == "github":
            url = f"https://github.example/{self.owner}/{self.name}/pull/{number}"
            head_label = f"{self.owner}:{head}"
        else:
            url = f"{self.root}/{self.owner}/{self.name}/pulls/{number}"
            head_label = head
        pull = {"id": 1000 + number, "number": number, "html_url": url, "state": "open",
                "title": title, "body": body, "user": {"login": "deferfix-bot"},
                "head": {"label": head_label, "ref": head, "sha": self._branch_sha(head) or "",
                         "repo": repo},
                "base": {"label": base, "ref": base, "sha": self._branch_sha(base) or "",
                         "repo": repo},
                "merged": False, "merged_at": None, "labels": [], "requested_reviewers": [],
                "requested_teams": []}
        if self.flavor == "gitea":
            pull["head"]["repo_id"] = pull["base"]["repo_id"] = 1
            pull["mergeable"] = True
            pull["draft"] = title.upper().startswith(("WIP:", "[WIP]"))
        else:
            pull["draft"] = False
        self.pulls[number] = pull
        return pull

    def _error(self, status: int, message: str, errors: list | None = None) -> tuple:
        if self.flavor == "github":
            body = {"message": message,
                    "documentation_url": "https://docs.github.com/rest", "status": str(status)}
            if errors:
                body["errors"] = errors
        else:
            body = {"message": message, "url": f"{self.root}/api/swagger"}
        return status, {}, body

    # --- routing ------------------------------------------------------------------------
    def _authorised(self, header: str) -> bool:
        schemes = ("Bearer", "token")
        return any(header == f"{scheme} {self.token}" for scheme in schemes)

    def _fault(self, method: str, path: str, auth: str) -> tuple | None:
        for fault in self.faults:
            if fault.method == method and re.fullmatch(fault.path, path):
                self.faults.remove(fault)
                body = json.loads(json.dumps(fault.body).replace("{auth}", auth))
                return fault.status, fault.headers, body
        return None

    def handle(self, method: str, path: str, query: dict, headers: dict, body) -> tuple:
        with self._lock:
            self.requests.append(Recorded(method, path, query, headers, body))
            auth = headers.get("authorization", "")
            fault = self._fault(method, path, auth)
            if fault:
                return fault
            if not self._authorised(auth):
                return self._error(401, "Bad credentials" if self.flavor == "github"
                                   else "token is required")
            repo = f"{self.prefix}/repos/{self.owner}/{self.name}"
            if path == repo and method == "GET":
                return 200, {}, self._repo_json()
            if path.startswith(f"{repo}/pulls") and self.empty_for:
                self.empty_for -= 1
                return self._error(404, "Not Found")
            if path == f"{repo}/pulls":
                if method == "GET":
                    return self._list(query)
                if method == "POST":
                    return self._post_pull(body)
            routes = {("PATCH", "pulls"): self._patch_pull,
                      ("POST", "issues/comments"): self._comment,
                      ("POST", "issues/labels"): self._add_labels,
                      ("POST", "pulls/requested_reviewers"): self._request_reviews}
            match = re.fullmatch(re.escape(repo) + r"/(pulls|issues)/(\d+)(/\w+)?", path)
            if match:
                route = routes.get((method, match.group(1) + (match.group(3) or "")))
                if route:
                    return route(int(match.group(2)), body)
            return self._error(404, "Not Found")

    def _list(self, query: dict) -> tuple:
        state = query.get("state", "open")
        pulls = [p for p in self.pulls.values() if state == "all" or p["state"] == state]
        if self.hide_from_list:
            self.hide_from_list -= 1
            pulls = [p for p in pulls if p["state"] != "open"]
        if self.flavor == "github":
            if "head" in query:
                pulls = [p for p in pulls if p["head"]["label"] == query["head"]]
            size = min(int(query.get("per_page", 30)), 100)
        else:
            if "base_branch" in query:
                pulls = [p for p in pulls if p["base"]["ref"] == query["base_branch"]]
            size = min(int(query.get("limit", 30)), 50)
        pulls.sort(key=lambda p: -p["number"])       # newest first, as both forges list
        page = int(query.get("page", 1))
        chunk = pulls[(page - 1) * size: page * size]
        headers = {"X-Total-Count": str(len(pulls))} if self.flavor == "gitea" else {}
        return 200, headers, chunk

    def _post_pull(self, body) -> tuple:
        if not isinstance(body, dict) or not all(body.get(k) for k in ("title", "head", "base")):
            return self._error(422, "Validation Failed",
                               [{"resource": "PullRequest", "code": "missing_field"}])
        head, base = body["head"], body["base"]
        for pull in self.pulls.values():
            if pull["state"] == "open" and pull["head"]["ref"] == head \
                    and pull["base"]["ref"] == base:
                if self.flavor == "github":
                    return self._error(422, "Validation Failed", [
                        {"resource": "PullRequest", "code": "custom",
                         "message": f"A pull request already exists for "
                                    f"{self.owner}:{head}."}])
                return self._error(
                    409, f"pull request already exists for these targets [id: "
                         f"{pull['id']}, issue_id: {pull['number']}, head_repo_id: 1, "
                         f"base_repo_id: 1, head_branch: {head}, base_branch: {base}]")
        if self._branch_sha(head) is None or self._branch_sha(base) is None:
            if self.flavor == "github":
                return self._error(422, "Validation Failed",
                                   [{"resource": "PullRequest", "field": "head",
                                     "code": "invalid"}])
            return self._error(404, "The target couldn't be found.")
        pull = self._create(head, base, body["title"], body.get("body") or "")
        if self.flavor == "github":
            pull["draft"] = bool(body.get("draft"))
        return 201, {}, pull

    def _patch_pull(self, number: int, body) -> tuple:
        pull = self.pulls.get(number)
        if pull is None:
            return self._error(404, "Not Found")
        for key in ("title", "body", "state"):
            if isinstance(body, dict) and key in body:
                pull[key] = body[key]
        if self.flavor == "gitea":
            pull["draft"] = pull["title"].upper().startswith(("WIP:", "[WIP]"))
        pull["head"]["sha"] = self._branch_sha(pull["head"]["ref"]) or ""
        return (200 if self.flavor == "github" else 201), {}, pull

    def close_by_hand(self, number: int) -> None:
        """A person closes the pull request without merging it."""
        with self._lock:
            self.pulls[number]["state"] = "closed"

    def merge(self, number: int) -> None:
        with self._lock:
            pull = self.pulls[number]
            pull.update(state="closed", merged=True, merged_at="2026-12-01T00:00:00Z")

    def _add_labels(self, number: int, body) -> tuple:
        pull = self.pulls.get(number)
        if pull is None:
            return self._error(404, "Not Found")
        names = body.get("labels", []) if isinstance(body, dict) else []
        if self.flavor == "github":
            self.labels.update(names)
        for name in names:
            if name in self.labels and name not in [l["name"] for l in pull["labels"]]:
                pull["labels"].append({"name": name})
        return 200, {}, pull["labels"]

    def _request_reviews(self, number: int, body) -> tuple:
        pull = self.pulls.get(number)
        if pull is None:
            return self._error(404, "Not Found")
        pull["requested_reviewers"] += [{"login": u} for u in body.get("reviewers", [])]
        pull["requested_teams"] += [{"slug": t} for t in body.get("team_reviewers", [])]
        return 201, {}, pull

    def _comment(self, number: int, body) -> tuple:
        if number not in self.pulls:
            return self._error(404, "Not Found")
        text = body.get("body", "") if isinstance(body, dict) else ""
        self.comments.append((number, text))
        return 201, {}, {"id": len(self.comments), "body": text, "user": {"login": "bot"}}

    def serve(self, request: BaseHTTPRequestHandler) -> None:
        parts = urllib.parse.urlsplit(request.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        raw = read_body(request)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("latin-1")
        headers = {k.lower(): v for k, v in request.headers.items()}
        status, extra, payload = self.handle(request.command, parts.path, query, headers, body)
        reply(request, status, {"Content-Type": "application/json; charset=utf-8", **extra},
              json.dumps(payload).encode())
