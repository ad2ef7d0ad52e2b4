"""The go/types helper binary: built from the Go source shipped in this package, on first use.

The source (helper/main.go, standard library only) is built with the user's own `go` into
deferfix's cache directory (codemod.cache.cache_dir(), where the result cache lives), as
`gotypes-<digest>`, where the digest covers the source and `go env GOVERSION GOOS GOARCH`: a
new Go or a new deferfix builds a new binary, and an existing one is never rebuilt. The build
needs no network (GOTOOLCHAIN=local, GOPROXY=off, GOWORK=off, GOFLAGS cleared). It writes a
temporary file next to the final name and renames it into place, so two first runs at the
same time each build and the last rename wins with an identical file; nobody ever runs a
half-written binary. A build that fails is reported once per process, with go's message.
The test suite builds one helper for the session (HELPER_DIR_ENV) instead of one in each
test's cache directory.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

SOURCE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "helper")
SOURCE_FILES = ("go.mod", "main.go", "deathsig_linux.go", "deathsig_other.go")
PREFIX = "gotypes-"
BUILD_TIMEOUT = 300
STALE_TMP_SECONDS = 3600
STALE_BINARY_SECONDS = 7 * 86400


class HelperUnavailable(RuntimeError):
    """The helper cannot be had: `cause` is 'no-go' or 'build-failed'."""

    def __init__(self, cause: str, reason: str) -> None:
        super().__init__(reason)
        self.cause = cause
        self.reason = reason


@dataclass(frozen=True)
class Toolchain:
    go: str            # the go executable
    version: str       # go env GOVERSION, e.g. go1.26.8
    goos: str
    goarch: str


def build_env() -> dict[str, str]:
    """The helper runs here: it is built for this machine, whatever GOOS/GOARCH say."""
    env = {k: v for k, v in os.environ.items() if k not in ("GOOS", "GOARCH")}
    env.update(GOTOOLCHAIN="local", GOFLAGS="", GOWORK="off", GOPROXY="off", GO111MODULE="on",
               CGO_ENABLED="0")
    return env


@functools.lru_cache(maxsize=1)
def toolchain() -> Toolchain:
    go = shutil.which("go")
    if go is None:
        raise HelperUnavailable("no-go", "go is not on PATH")
    try:
        out = subprocess.run([go, "env", "GOVERSION", "GOHOSTOS", "GOHOSTARCH"], capture_output=True,
                             env=build_env(), timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise HelperUnavailable("no-go", f"go env failed: {err}") from None
    lines = out.stdout.decode("utf-8", "replace").split()
    if out.returncode != 0 or len(lines) != 3:
        message = out.stderr.decode("utf-8", "replace").strip() or "no output"
        raise HelperUnavailable("no-go", f"go env failed: {message.splitlines()[0]}")
    return Toolchain(go, lines[0], lines[1], lines[2])


@functools.lru_cache(maxsize=1)
def source_digest() -> str:
    h = hashlib.sha256(b"deferfix gotypes helper\0")
    for name in SOURCE_FILES:
        with open(os.path.join(SOURCE_DIR, name), "rb") as handle:
            h.update(name.encode() + b"\0" + handle.read() + b"\0")
    return h.hexdigest()


def helper_digest(tc: Toolchain) -> str:
    """What the binary is: its source and the toolchain that builds it (and whose export
    data it reads)."""
    return hashlib.sha256(f"{source_digest()} {tc.version} {tc.goos} {tc.goarch}".encode()).hexdigest()[:24]


def helper_path(directory: str, tc: Toolchain) -> str:
    suffix = ".exe" if sys.platform == "win32" else ""
    return os.path.join(directory, PREFIX + helper_digest(tc) + suffix)


_failures: dict[str, HelperUnavailable] = {}

# Test hook: where the helper is looked for and built when the caller names no directory
# (instead of the cache directory), so that a test suite whose tests each have their own
# DEFERFIX_CACHE_DIR builds it once (tests/conftest.py).
HELPER_DIR_ENV = "DEFERFIX_TEST_HELPER_DIR"


def ensure_helper(directory: str | None = None) -> tuple[str, Toolchain, float]:
    """(path of the built helper, the toolchain, seconds spent building: 0 when it existed).
    Raises HelperUnavailable."""
    from ...cache import cache_dir   # late: codemod.cache imports the engine
    tc = toolchain()
    directory = os.path.abspath(directory or os.environ.get(HELPER_DIR_ENV) or cache_dir())
    final = helper_path(directory, tc)
    if os.path.isfile(final) and os.access(final, os.X_OK):
        return final, tc, 0.0
    if final in _failures:
        raise _failures[final]
    start = time.perf_counter()
    try:
        _build(directory, final, tc)
    except HelperUnavailable as err:
        _failures[final] = err
        raise
    return final, tc, time.perf_counter() - start


def _build(directory: str, final: str, tc: Toolchain) -> None:
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=os.path.basename(final) + ".tmp-", dir=directory)
        os.close(fd)
    except OSError as err:
        raise HelperUnavailable("build-failed", f"cannot write to {directory}: {err}") from None
    try:
        try:
            out = subprocess.run([tc.go, "build", "-trimpath", "-o", tmp, "."], cwd=SOURCE_DIR,
                                 capture_output=True, env=build_env(), timeout=BUILD_TIMEOUT,
                                 check=False)
        except subprocess.TimeoutExpired:
            raise HelperUnavailable("build-failed",
                                    f"go build of the go/types helper took over {BUILD_TIMEOUT} s") from None
        except OSError as err:
            raise HelperUnavailable("build-failed", f"cannot run go build: {err}") from None
        if out.returncode != 0:
            message = out.stderr.decode("utf-8", "replace").strip().splitlines()
            raise HelperUnavailable("build-failed", "go build of the go/types helper failed: "
                                    + "; ".join(message[:3]))
        os.chmod(tmp, 0o755)
        os.replace(tmp, final)
        tmp = ""
    finally:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _remove_old(directory, final)


def _remove_old(directory: str, keep: str) -> None:
    """Binaries of other sources or toolchains unused for a week (by build time), and
    temporary files left by a killed build."""
    now = time.time()
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        path = os.path.join(directory, name)
        if not name.startswith(PREFIX) or path == keep:
            continue
        try:
            age = now - os.stat(path).st_mtime
            if age < (STALE_TMP_SECONDS if ".tmp-" in name else STALE_BINARY_SECONDS):
                continue         # being built right now, or used with another toolchain
            os.unlink(path)
        except OSError:
            pass
