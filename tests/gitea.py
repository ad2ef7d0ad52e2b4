"""A real Gitea on 127.0.0.1 for the real-forge tests of `deferfix pr` (tests/test_realforge.py).

    python3 tests/gitea.py build            # once: about 6.5 CPU minutes, 1.2 GB of modules
    python3 tests/gitea.py path             # the cached binary, if built
    python3 tests/gitea.py start DIR        # a throwaway server in DIR; prints its URL and pid
    python3 tests/gitea.py stop DIR         # stops it by its pid

`build` fetches the source of code.gitea.io/gitea at VERSION through the Go module proxy
(`go mod download -json` names its directory; the go.mod there has replace directives, so
`go install …@version` refuses), builds it as the main module from a writable copy with
`-tags 'sqlite sqlite_unlock_notify'` under `nice`, and caches the binary and the source's
`options/` and `templates/` (the API and git over HTTP need no web assets) in
`$DEFERFIX_TEST_CACHE/gitea/VERSION/`, by default `~/.cache/deferfix-test/gitea/VERSION/`,
outside the repository. A lock makes a second build wait for the first.

`Gitea.start()` writes a config (sqlite, INSTALL_LOCK, no mail, no SSH, 127.0.0.1 on a free
port, the router log on), starts the server with its own process group, waits for
/api/healthz, and `stop()` ends that process group by its pid. Users and tokens come from
`gitea admin user create … --access-token`.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VERSION = "v1.26.0"
MODULE = "code.gitea.io/gitea"
TAGS = "sqlite sqlite_unlock_notify"


def cache_root() -> Path:
    root = os.environ.get("DEFERFIX_TEST_CACHE")
    if root:
        return Path(root)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "deferfix-test"


def install_dir(version: str = VERSION) -> Path:
    return cache_root() / "gitea" / version


def binary(version: str = VERSION) -> Path | None:
    """The cached Gitea binary, or None when it has not been built."""
    path = install_dir(version) / "gitea"
    return path if path.is_file() and os.access(path, os.X_OK) and \
        (install_dir(version) / "options").is_dir() else None


def _go_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"GOTOOLCHAIN": "local", "GOWORK": "off", "CGO_ENABLED": "1",
                "GOFLAGS": "-mod=mod"})
    return env


def build(version: str = VERSION, log=sys.stderr) -> Path:
    """Build Gitea VERSION once; return the cached binary."""
    found = binary(version)
    if found:
        return found
    target = install_dir(version)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)      # a parallel build waits, then finds the binary
        found = binary(version)
        if found:
            return found
        env = _go_env()
        started = time.monotonic()
        cpu = os.times()
        print(f"gitea: downloading {MODULE}@{version} through the Go module proxy", file=log)
        proc = subprocess.run(["go", "mod", "download", "-json", f"{MODULE}@{version}"],
                              env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"go mod download {MODULE}@{version} failed: "
                               f"{(proc.stdout + proc.stderr).strip()[-2000:]}")
        source = Path(json.loads(proc.stdout)["Dir"])
        with tempfile.TemporaryDirectory(prefix="gitea-build-", dir=target.parent) as tmp:
            src = Path(tmp) / "src"
            # The module cache is read-only; go build as the main module wants to write
            # go.sum entries (GOFLAGS=-mod=mod), so it builds from a writable copy.
            shutil.copytree(source, src, copy_function=shutil.copy)
            for dirpath, dirnames, filenames in os.walk(src):
                for name in dirnames + filenames:
                    path = os.path.join(dirpath, name)
                    if not os.path.islink(path):
                        os.chmod(path, os.stat(path).st_mode | 0o200)
            os.chmod(src, 0o755)
            out = Path(tmp) / "gitea"
            ldflags = f"-s -w -X main.Version={version.lstrip('v')} -X 'main.Tags={TAGS}'"
            print(f"gitea: building {version} with -tags '{TAGS}' (several CPU minutes)",
                  file=log)
            proc = subprocess.run(["nice", "-n", "10", "go", "build", "-trimpath",
                                   "-tags", TAGS, "-ldflags", ldflags, "-o", str(out), "."],
                                  cwd=src, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(f"go build of gitea {version} failed: "
                                   f"{(proc.stdout + proc.stderr).strip()[-4000:]}")
            staging = Path(tmp) / "install"
            staging.mkdir()
            shutil.copytree(src / "options", staging / "options")
            shutil.copytree(src / "templates", staging / "templates")
            shutil.move(str(out), staging / "gitea")
            if target.exists():
                shutil.rmtree(target)
            os.rename(staging, target)
        after = os.times()
        cpu_s = (after.children_user - cpu.children_user) + \
            (after.children_system - cpu.children_system)
        print(f"gitea: built {target / 'gitea'} in {time.monotonic() - started:.0f}s wall, "
              f"{cpu_s:.0f}s CPU", file=log)
        return target / "gitea"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CONFIG = """\
APP_NAME = deferfix-test
RUN_MODE = prod
RUN_USER = {user}
WORK_PATH = {work}

[server]
PROTOCOL = http
HTTP_ADDR = 127.0.0.1
HTTP_PORT = {port}
DOMAIN = 127.0.0.1
ROOT_URL = http://127.0.0.1:{port}/
STATIC_ROOT_PATH = {static}
DISABLE_SSH = true
START_SSH_SERVER = false
OFFLINE_MODE = true
LFS_START_SERVER = false
APP_DATA_PATH = {work}/data

[database]
DB_TYPE = sqlite3
PATH = {work}/data/gitea.db
SQLITE_JOURNAL_MODE = WAL

[repository]
ROOT = {work}/repos
DEFAULT_BRANCH = main

[security]
INSTALL_LOCK = true
SECRET_KEY = deferfix-test-secret-key-not-secret
INTERNAL_TOKEN = {internal_token}
PASSWORD_HASH_ALGO = pbkdf2_hi

[oauth2]
ENABLED = false

[service]
DISABLE_REGISTRATION = true
REQUIRE_SIGNIN_VIEW = false
ENABLE_NOTIFY_MAIL = false
DEFAULT_KEEP_EMAIL_PRIVATE = true

[mailer]
ENABLED = false

[cron]
ENABLED = false

[cron.update_checker]
ENABLED = false

[indexer]
ISSUE_INDEXER_TYPE = db
REPO_INDEXER_ENABLED = false

[queue]
TYPE = level

[actions]
ENABLED = false

[packages]
ENABLED = false

[session]
PROVIDER = memory

[cache]
ADAPTER = memory

[log]
MODE = file
LEVEL = Info
ROOT_PATH = {work}/log
ENABLE_SSH_LOG = false
logger.router.MODE = file
logger.access.MODE = file

[api]
ENABLE_SWAGGER = false
"""


@dataclass
class User:
    name: str
    password: str
    email: str
    token: str


class Gitea:
    """One throwaway Gitea server in `work` (a directory the caller owns and removes)."""

    def __init__(self, work: str | os.PathLike, exe: str | os.PathLike | None = None,
                 port: int | None = None) -> None:
        exe = exe or binary()
        if exe is None:
            raise RuntimeError("no Gitea binary: run `python3 tests/gitea.py build`")
        self.exe = str(exe)
        self.work = Path(work).resolve()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = self.work / "app.ini"
        self.proc: subprocess.Popen | None = None
        self.pid: int | None = None

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GITEA_")}
        env.update({"GITEA_WORK_DIR": str(self.work), "GITEA_CUSTOM": str(self.work / "custom"),
                    "HOME": str(self.work / "home"), "USER": env.get("USER", "root")})
        if os.geteuid() == 0:
            env["GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT"] = "true"
        return env

    def write_config(self) -> None:
        for sub in ("data", "repos", "log", "custom", "home"):
            (self.work / sub).mkdir(parents=True, exist_ok=True)
        user = pwd.getpwuid(os.geteuid()).pw_name
        self.config.write_text(CONFIG.format(
            user=user, work=self.work, port=self.port,
            static=Path(self.exe).resolve().parent, internal_token=secrets.token_urlsafe(64)))

    def start(self, timeout: float = 60.0) -> "Gitea":
        self.write_config()
        # Migrate first (creates the sqlite schema) so that web start-up is short.
        self.cli("migrate")
        log = open(self.work / "log" / "stdout.log", "ab")
        self.proc = subprocess.Popen([self.exe, "web", "--config", str(self.config)],
                                     cwd=self.work, env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log.close()
        self.pid = self.proc.pid
        (self.work / "gitea.pid").write_text(f"{self.pid}\n")
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gitea exited with {self.proc.returncode} at start-up: "
                                   f"{self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "/api/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gitea did not answer in {timeout:.0f}s: {self.tail()}")
            time.sleep(0.2)

    def tail(self, lines: int = 20) -> str:
        text = []
        for path in sorted((self.work / "log").glob("*.log")):
            text += path.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(text[-lines:])

    def stop(self, timeout: float = 15.0) -> None:
        """End the server's process group (its own session) by pid, and wait for it."""
        pid = self.pid
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        try:
            if self.proc is not None:
                self.proc.wait(timeout)
            else:
                _wait_gone(pid, timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            if self.proc is not None:
                self.proc.wait(5)
        self.pid = None
        with contextlib.suppress(FileNotFoundError):
            (self.work / "gitea.pid").unlink()

    def cli(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run([self.exe, "--config", str(self.config), *args], cwd=self.work,
                              env=self.env, capture_output=True, text=True, timeout=120)
        if check and proc.returncode != 0:
            raise RuntimeError(f"gitea {args[0]} failed ({proc.returncode}): "
                               f"{(proc.stdout + proc.stderr).strip()[-2000:]}")
        return proc.stdout

    def create_user(self, name: str, *, admin: bool = False, scopes: str = "all") -> User:
        """A user with a password and an access token with `scopes` (comma-separated)."""
        password = f"pw-{name}-{os.urandom(6).hex()}"
        email = f"{name}@example.com"
        args = ["admin", "user", "create", "--username", name, "--password", password,
                "--email", email, "--must-change-password=false", "--access-token",
                "--access-token-name", f"{name}-token", "--access-token-scopes", scopes]
        if admin:
            args.append("--admin")
        out = self.cli(*args)
        token = None
        for line in out.splitlines():
            if "Access token was successfully created" in line:
                token = line.rsplit(" ", 1)[-1].strip()
        if not token:
            raise RuntimeError(f"no access token in the output of gitea admin user create: "
                               f"{out.strip()[-500:]}")
        return User(name, password, email, token)

    def new_token(self, user: User, scopes: str, name: str) -> str:
        """Another token of `user`, through the API (basic auth), with `scopes`."""
        return self.api("POST", f"/users/{user.name}/tokens", auth=(user.name, user.password),
                        body={"name": name, "scopes": scopes.split(",")})["sha1"]

    def api(self, method: str, path: str, *, token: str | None = None,
            auth: tuple[str, str] | None = None, body: object = None,
            ok: tuple[int, ...] = (200, 201, 204)) -> object:
        request = urllib.request.Request(self.url + "/api/v1" + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        request.add_header("Accept", "application/json")
        if token:
            request.add_header("Authorization", f"token {token}")
        elif auth:
            request.add_header("Authorization", "Basic " + base64.b64encode(
                f"{auth[0]}:{auth[1]}".encode()).decode())
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, data = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, data = exc.code, exc.read()
        if status not in ok:
            raise RuntimeError(f"{method} {path}: HTTP {status}: {data[:300]!r}")
        return json.loads(data) if data.strip() else None

    def logs(self) -> str:
        """Every log file of the server, concatenated (to check no token was logged)."""
        return "\n".join(p.read_text(errors="replace")
                         for p in sorted((self.work / "log").glob("*.log")))

    def __enter__(self) -> "Gitea":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _wait_gone(pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise subprocess.TimeoutExpired(str(pid), timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default=VERSION)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="build and cache the Gitea binary (once)")
    sub.add_parser("path", help="print the cached binary; exit 1 when there is none")
    start = sub.add_parser("start", help="start a throwaway server in DIR")
    start.add_argument("dir")
    stop = sub.add_parser("stop", help="stop the server started in DIR, by its pid")
    stop.add_argument("dir")
    args = parser.parse_args(argv)
    if args.command == "build":
        print(build(args.version))
    elif args.command == "path":
        found = binary(args.version)
        if not found:
            print(f"no Gitea {args.version} built in {install_dir(args.version)}",
                  file=sys.stderr)
            return 1
        print(found)
    elif args.command == "start":
        os.makedirs(args.dir, exist_ok=True)
        server = Gitea(args.dir, build(args.version))
        server.start()
        server.proc = None          # keep it running after this process exits
        print(f"{server.url} pid {server.pid}")
    elif args.command == "stop":
        pid_file = Path(args.dir) / "gitea.pid"
        if not pid_file.exists():
            print(f"no gitea.pid in {args.dir}", file=sys.stderr)
            return 1
        server = Gitea(args.dir, exe=binary(args.version) or "gitea")
        server.pid = int(pid_file.read_text())
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
