"""Bot mode: `deferfix pr` proposes the verified fixes as one pull request.

It fetches the base branch, checks it out in a temporary git worktree (the user's checkout is
never touched), runs the engine there, commits the verified fixes on the bot branch with the
bot's identity, pushes it, and opens the pull request or updates the one already open for
that branch. A hash of the change, kept in a hidden marker in the body and in a commit
trailer, makes an unchanged rerun read-only. Commits on the bot branch that are not the bot's
stop it: it never force-pushes over a person's work. A second marker, the digest of the fixes
themselves, keeps a pull request a person closed from being proposed again until the fixes
change. With nothing left to fix, it closes its pull request (then comments, best effort) and
deletes its own branch. The forge clients are in `forges.py`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Sequence

import click
import unidiff

from . import registry
from .diffs import unified_diff
from .forges import (FORGES, Forge, ForgeError, PullRequest, PullRequestExists, Redactor,
                     RetryPolicy, api_url_for, infer_forge, make_forge, normalise_api_url,
                     parse_remote)
from .model import Finding
from .runner import FileChange, Options, RunResult, run
from .config import ConfigError
from .newcode import RevisionError
from .options import (CONFIG, EXCLUDE, GO_VERSION, IGNORE, INCLUDE_GENERATED, ISOLATED, JOBS,
                      NEW_FROM_REV, NO_VERIFY, SELECT, check_config, with_options)
from .verify import ToolMissing
from .writer import Writes

DEFAULT_BRANCH = "deferfix/fixes"
DEFAULT_IDENTITY = "deferfix[bot] <deferfix-bot@users.noreply.invalid>"
TRAILER = "Deferfix-Change"
_MARKER = re.compile(r"<!-- deferfix:change=([0-9a-f]+) -->")
# The identity of the set of fixes (Proposal.fixes_id), kept in the body: a pull request that a
# person closed without merging is not proposed again until the fixes change.
_FIXES_MARKER = re.compile(r"<!-- deferfix:fixes=([0-9a-f]+) -->")
# Added to the body when the bot itself closes the pull request (its fixes landed).
CLOSED_MARKER = "<!-- deferfix:closed-by-bot -->"
_IDENTITY = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+)>\s*$")

# Exit codes: 0 done (opened, updated, up to date, nothing to fix, closed, not proposed
# again); 1 the bot branch
# has commits that are not the bot's; 2 an error (usage, git, the forge, a missing token).
EXIT_HUMAN_COMMITS = 1
EXIT_ERROR = 2


class BotError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Identity:
    name: str
    email: str

    @classmethod
    def parse(cls, text: str) -> "Identity":
        match = _IDENTITY.match(text)
        if not match or not match.group("name"):
            raise ValueError(f"{text!r} is not of the form 'Name <email>'")
        return cls(match.group("name"), match.group("email"))

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass
class Settings:
    paths: Sequence[str] = (".",)
    branch: str = DEFAULT_BRANCH
    base: str | None = None
    remote: str = "origin"
    forge: str | None = None
    api_url: str | None = None
    repo: str | None = None
    token_env: str | None = None
    author: Identity = field(default_factory=lambda: Identity.parse(DEFAULT_IDENTITY))
    committer: Identity | None = None
    dry_run: bool = False
    options: Options = field(default_factory=Options)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    verbose: bool = False
    labels: Sequence[str] = ()
    reviewers: Sequence[str] = ()
    draft: bool = False

    @property
    def bot_committer(self) -> Identity:
        return self.committer or self.author


class Output:
    """Everything the bot prints goes through here, and so through the redactor."""

    def __init__(self, redact: Redactor, verbose: bool) -> None:
        self.redact = redact
        self.verbose = verbose

    def out(self, text: str = "") -> None:
        click.echo(self.redact(text))

    def info(self, text: str) -> None:
        click.echo(self.redact(text), err=True)

    def debug(self, text: str) -> None:
        if self.verbose:
            self.info(text)


# --- git ------------------------------------------------------------------------------------

class Git:
    def __init__(self, cwd: str, say: Output) -> None:
        self.cwd = cwd
        self.say = say

    def __call__(self, *args: str, cwd: str | None = None, env: dict[str, str] | None = None,
                 input: bytes | None = None, check: bool = True) -> str:
        full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
        self.say.debug("git " + " ".join(args))
        name = next((a for a in args if not a.startswith("-") and "=" not in a), "")
        try:
            proc = subprocess.run(["git", *args], cwd=cwd or self.cwd, env=full_env,
                                  input=input, capture_output=True, timeout=900)
        except FileNotFoundError:
            raise BotError("git not found on PATH") from None
        except subprocess.TimeoutExpired:
            raise BotError(f"git {name} did not finish in 15 minutes") from None
        if check and proc.returncode != 0:
            raise BotError(f"git {name} failed: {_last_line(proc.stderr) or proc.returncode}")
        return proc.stdout.decode("utf-8", "surrogateescape")


def _last_line(stderr: bytes) -> str:
    lines = [l.strip() for l in stderr.decode("utf-8", "replace").splitlines() if l.strip()]
    # git's "fatal:"/"error:" line says most; hints come after it.
    for line in lines:
        if line.startswith(("fatal:", "error:", "! [")):
            return line
    return lines[-1] if lines else ""


@dataclass
class RemoteState:
    base: str
    base_sha: str
    branch_sha: str | None       # None: the bot branch does not exist on the remote


def _remote_state(git: Git, remote: str, base: str | None, branch: str) -> RemoteState:
    patterns = ["HEAD", f"refs/heads/{branch}"] + ([f"refs/heads/{base}"] if base else [])
    listing = git("ls-remote", "--symref", remote, *patterns)
    refs: dict[str, str] = {}
    default = None
    for line in listing.splitlines():
        value, _, ref = line.partition("\t")
        if value.startswith("ref: ") and ref == "HEAD":
            default = value[len("ref: "):].removeprefix("refs/heads/")
        else:
            refs[ref] = value
    if base is None:
        if default is None:
            raise BotError(f"cannot tell the default branch of remote {remote!r}; pass --base")
        base = default
    if base == branch:
        raise BotError(f"the bot branch and the base branch are both {base!r}; pass --branch")
    base_sha = refs.get(f"refs/heads/{base}") or (refs.get("HEAD") if base == default else None)
    if not base_sha:
        raise BotError(f"remote {remote!r} has no branch {base!r}")
    return RemoteState(base, base_sha, refs.get(f"refs/heads/{branch}"))


def _fetch(git: Git, remote: str, ref: str) -> str:
    # A shallow clone (CI checkouts are) stays shallow: its history ends at the fetched tip.
    shallow = git("rev-parse", "--is-shallow-repository").strip() == "true"
    git("fetch", "--quiet", "--no-tags", *(["--depth=1"] if shallow else []), remote,
        f"refs/heads/{ref}")
    return git("rev-parse", "--verify", "FETCH_HEAD^{commit}").strip()


@dataclass
class BranchTip:
    sha: str
    committer: str          # email
    author: str             # "Name <email>"
    change: str | None      # the Deferfix-Change trailer, when there is one


def _branch_tip(git: Git, sha: str) -> BranchTip:
    sha, committer, author, message = git(
        "log", "-1", "--format=%H%x00%ce%x00%an <%ae>%x00%B", sha).split("\x00", 3)
    trailer = re.search(rf"^{TRAILER}: ([0-9a-f]+)\s*$", message, re.MULTILINE)
    return BranchTip(sha, committer, author, trailer.group(1) if trailer else None)


def _check_bot_made(tip: BranchTip, settings: Settings) -> None:
    """The bot pushes one commit on a base commit, so its branch tip is the bot's own.

    A commit pushed on top, a merge, an amend or a reset by anyone else leaves a tip the bot
    did not make (another committer, or no trailer).
    """
    if tip.committer.lower() != settings.bot_committer.email.lower() or tip.change is None:
        raise BotError(
            f"branch {settings.branch!r} has commit {tip.sha[:12]} by {tip.author} that the "
            f"bot did not make; not force-pushing over it (merge or close the pull request, "
            f"or delete the branch, then run again)", code=EXIT_HUMAN_COMMITS)


# --- the change -----------------------------------------------------------------------------

@dataclass
class Proposal:
    """The verified fixes on the base, as files, findings and texts, keyed by repo path."""

    result: RunResult
    changes: list[tuple[str, FileChange]]       # (path relative to the repo root, change)
    repo_paths: dict[str, str]                  # display path of the run -> repo path
    base: str
    vetted: bool

    @property
    def fixes(self) -> list[tuple[str, Finding]]:
        found = [(path, f) for path, change in self.changes for f in change.applied]
        return sorted(found, key=lambda pf: (pf[1].rule, pf[0], pf[1].line, pf[1].col))

    @property
    def rules(self) -> list[str]:
        return sorted({f.rule for _, f in self.fixes})

    def repo_path(self, finding: Finding) -> str:
        return self.repo_paths.get(finding.path, finding.path)

    @property
    def change_hash(self) -> str:
        digest = hashlib.sha256(b"deferfix-change-v1\0")
        for path, change in self.changes:
            for part in (path.encode(), hashlib.sha256(change.original).digest(),
                         hashlib.sha256(change.new).digest()):
                digest.update(part + b"\0")
        return digest.hexdigest()[:32]

    @property
    def fixes_id(self) -> str:
        """The identity of the set of fixes, wherever they are in their files.

        Per changed file, its path and the lines the fixes remove and add (a diff without
        context or line numbers). Commits that move a fix or change the code around it leave
        it alone; a fix added, dropped or written differently changes it.
        """
        digest = hashlib.sha256(b"deferfix-fixes-v1\0")
        for path, change in self.changes:
            digest.update(path.encode() + b"\0")
            lines = unified_diff(path, change.original, change.new, context=0).splitlines(True)
            for line in lines[2:]:                      # after the ---/+++ header
                digest.update(b"@@\n" if line.startswith(b"@@") else line)
        return digest.hexdigest()[:32]

    def diffs(self) -> list[bytes]:
        return [unified_diff(path, change.original, change.new) for path, change in self.changes]


def _repo_relative_paths(paths: Sequence[str], root: str) -> list[str]:
    relative = []
    for path in paths:
        full = os.path.realpath(os.path.abspath(path))
        rel = os.path.relpath(full, root)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            raise BotError(f"{path}: outside the git work tree {root}")
        relative.append(rel)
    return relative


def _compute(worktree: str, relative: list[str], settings: Settings, base: str) -> Proposal:
    paths = []
    for rel in relative:
        path = os.path.normpath(os.path.join(worktree, rel))
        if not os.path.exists(path):
            raise BotError(f"{rel}: not on branch {base!r}")
        paths.append(path)
    options = dataclasses.replace(settings.options, paths=tuple(paths), fix=True)
    try:
        result = run(options)
    except (ToolMissing, ConfigError, RevisionError) as exc:
        raise BotError(str(exc)) from None
    except ValueError as exc:
        raise BotError(str(exc)) from None
    repo_paths = {r.display: os.path.relpath(r.path, worktree).replace(os.sep, "/")
                  for r in result.files}
    changes = sorted(((repo_paths[c.display], c) for c in result.changes), key=lambda pc: pc[0])
    return Proposal(result, changes, repo_paths, base, options.verify)


# --- text -----------------------------------------------------------------------------------

def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def title(proposal: Proposal) -> str:
    fixes = len(proposal.fixes)
    return (f"deferfix: {_plural(fixes, 'verified fix', 'verified fixes')} "
            f"({', '.join(proposal.rules)})")


def commit_message(proposal: Proposal) -> str:
    lines = [title(proposal), "", "Verified fixes proposed by `deferfix pr`:", ""]
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for path, finding in proposal.fixes:
        by_rule[finding.rule][path] += 1
    for rule in proposal.rules:
        named = [f"{path} ({n})" if n > 1 else path for path, n in sorted(by_rule[rule].items())]
        files = ", ".join(named[:5]) + (f" and {len(named) - 5} more files"
                                        if len(named) > 5 else "")
        count = sum(by_rule[rule].values())
        lines.append(textwrap.fill(f"- {rule}: {_plural(count, 'fix', 'fixes')} in {files}",
                                   width=72, subsequent_indent="  ", break_on_hyphens=False))
    checked = "gofmt and go vet" if proposal.vetted else "gofmt (go vet skipped)"
    lines += ["", f"Every changed file was checked with {checked}.", "",
              f"{TRAILER}: {proposal.change_hash}"]
    return "\n".join(lines) + "\n"


_CODE_SPAN = re.compile(r"(`+)(.*?)\1", re.DOTALL)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped, no raw HTML outside code."""
    text = " ".join(text.split())
    pieces, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(_html_escape(text[last:match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_html_escape(text[last:]))
    return "".join(pieces).replace("|", "\\|")


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+|~+", text)), default=0)
    return "~" * max(3, longest + 1)


def _applicability(finding: Finding) -> str:
    reason = finding.fix.reason if finding.fix else ""
    return f"**{finding.applicability}**" + (f": {reason}" if reason else "")


def _diffstat(proposal: Proposal) -> list[tuple[str, int, int]]:
    patch = unidiff.PatchSet(b"".join(proposal.diffs()).decode("latin-1"))
    return [(f.path, f.added, f.removed) for f in patch]


# GitHub refuses a body over 65,536 characters; long lists are cut to stay below.
MAX_BODY = 60_000


# A link to a line of a file on the base commit: (path, line) -> URL.
LineLink = Callable[[str, int], str]


def body(proposal: Proposal, branch: str, link: LineLink | None = None) -> str:
    """The pull request's text; `link` makes each finding's `file:line` a link to the line."""
    for limit in (None, 200, 50, 10):
        text = _body(proposal, branch, limit, link)
        if len(text) <= MAX_BODY:
            break
    return text


def _where(path: str, line: int, link: LineLink | None) -> str:
    """`file:line` as a code span, linked to the line on the base when there is a link."""
    text = f"`{_cell(path)}:{line}`"
    if link is None:
        return text
    url = link(path, line).replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text}]({url})"


def _body(proposal: Proposal, branch: str, limit: int | None,
          link: LineLink | None = None) -> str:
    fixes = proposal.fixes
    files = len(proposal.changes)
    unvetted = sum(1 for _, change in proposal.changes if change.unverified)
    checked = "Each changed file was verified" if not unvetted else \
        (f"{_plural(unvetted, 'changed file')} could only be checked with gofmt "
         f"(`--allow-unverified`); the others were verified")
    lines = [f"deferfix found risky `defer` patterns on `{proposal.base}` and proposes "
             f"{_plural(len(fixes), 'fix', 'fixes')} in {_plural(files, 'file')}. {checked} "
             f"before this pull request was made (see Verification).", ""]
    if any(f.applicability == "unsafe" for _, f in fixes):
        lines += ["**Includes unsafe fixes** (`--unsafe-fixes`): they are very probably what "
                  "was meant but may change behaviour; review each one.", ""]
    lines += _summary_section(proposal, limit)
    lines += _fixes_section(proposal, limit, link)
    lines += _rules_section(proposal)
    lines += _verification_section(proposal, limit, link)
    lines += _remaining_section(proposal)
    lines += [f"<sub>Made by `deferfix pr`; the next run updates this pull request. A commit "
              f"pushed to `{_cell(branch)}` by anyone else stops the bot from updating "
              f"it.</sub>", "", f"<!-- deferfix:change={proposal.change_hash} -->",
              f"<!-- deferfix:fixes={proposal.fixes_id} -->"]
    return "\n".join(lines) + "\n"


def _cut(rows: list[str], limit: int | None, what: str, whats: str) -> list[str]:
    if limit is None or len(rows) <= limit:
        return rows
    left = len(rows) - limit
    return rows[:limit] + [f"\n{left} more {what if left == 1 else whats} not listed here: "
                           f"the commit has them all."]


def _summary_section(proposal: Proposal, limit: int | None) -> list[str]:
    per_rule: dict[str, Counter] = defaultdict(Counter)
    for _, finding in proposal.fixes:
        per_rule[finding.rule][str(finding.applicability)] += 1
    lines = ["## Summary", "", "| rule | fixes | safe | unsafe |", "|---|---:|---:|---:|"]
    for rule in proposal.rules:
        counts = per_rule[rule]
        lines.append(f"| `{rule}` | {sum(counts.values())} | {counts['safe']} | "
                     f"{counts['unsafe']} |")
    lines += ["", "| file | lines added | lines removed |", "|---|---:|---:|"]
    lines += _cut([f"| `{_cell(path)}` | {added} | {removed} |"
                   for path, added, removed in _diffstat(proposal)], limit, "file", "files")
    return lines + [""]


def _fixes_section(proposal: Proposal, limit: int | None,
                   link: LineLink | None) -> list[str]:
    lines = ["## Fixes", ""]
    per_rule = None if limit is None else max(1, limit // max(1, len(proposal.rules)))
    for rule in proposal.rules:
        lines += [f"### `{rule}`", "", "| file:line | rule | why | applicability |",
                  "|---|---|---|---|"]
        rows = [f"| {_where(path, finding.line, link)} | `{rule}` | {_cell(finding.message)} | "
                f"{_cell(_applicability(finding))} |"
                for path, finding in proposal.fixes if finding.rule == rule]
        lines += _cut(rows, per_rule, "fix", "fixes")
        lines.append("")
    return lines


def _rules_section(proposal: Proposal) -> list[str]:
    lines = ["## Rules", "", "What each rule finds and when its fix is safe (the text of "
             "`deferfix explain RULE`):", ""]
    rules = {t.rule.id: t.rule for t in registry.all_transforms()}
    for rule_id in proposal.rules:
        rule = rules.get(rule_id)
        if rule is None:
            continue
        text = rule.explain.rstrip() or rule.summary
        fence = _fence(text)
        lines += ["<details>", f"<summary><code>{rule_id}</code>: "
                  f"{_html_escape(rule.summary)}</summary>", "", f"{fence}text", text, fence,
                  "", "</details>", ""]
    return lines


def _verification_section(proposal: Proposal, limit: int | None,
                          link: LineLink | None) -> list[str]:
    changed = len(proposal.changes)
    unvetted = [(path, note) for path, change in proposal.changes for note in change.notes
                if note.startswith("could not vet")]
    parse = "the changed file parses" if changed == 1 else f"all {changed} changed files parse"
    lines = ["## Verification", "",
             f"- gofmt: {parse}, and a file that was gofmt-clean on `{proposal.base}` stays "
             f"clean."]
    if not proposal.vetted:
        lines.append("- go vet: skipped (`--no-verify`).")
    else:
        vetted = changed - len({path for path, _ in unvetted})
        lines.append(f"- go vet: no new diagnostic or type error against `{proposal.base}` "
                     f"in {_plural(vetted, 'file')}.")
        for path, note in unvetted:
            lines.append(f"- `{_cell(path)}`: {_cell(note)}.")
    rejected = proposal.result.rejected
    if rejected:
        lines.append(f"- {_plural(len(rejected), 'fix', 'fixes')} failed verification and "
                     f"{'is' if len(rejected) == 1 else 'are'} left out:")
        rows = [f"  - {_where(proposal.repo_path(r.finding), r.finding.line, link)} "
                f"`{r.finding.rule}`: {_cell(r.reason)}" for r in rejected]
        lines += _cut(rows, limit, "rejected fix", "rejected fixes")
    else:
        lines.append("- No fix failed verification.")
    return lines + [""]


def _remaining_section(proposal: Proposal) -> list[str]:
    remaining = proposal.result.remaining
    if not remaining:
        return []
    counts = Counter(str(f.applicability) for f in remaining)
    kinds = {"none": "report-only, with no automatic fix",
             "unsafe": "with an unsafe fix, proposed only with `--unsafe-fixes`",
             "safe": "whose safe fix did not apply or did not pass verification"}
    lines = ["## Not in this pull request", "",
             f"`deferfix check` lists {_plural(len(remaining), 'more finding')}:", ""]
    lines += [f"- {counts[kind]} {text}" for kind, text in kinds.items() if counts[kind]]
    return lines + [""]


# --- the run --------------------------------------------------------------------------------

@dataclass
class Target:
    kind: str
    api_url: str | None     # None only in a dry run that cannot tell it (nothing is called)
    owner: str | None
    name: str | None


PUBLIC_GITHUB_API = "https://api.github.com"


def _target(git: Git, settings: Settings) -> Target:
    url = git("config", "--get", f"remote.{settings.remote}.url", check=False).strip()
    if not url:
        raise BotError(f"no remote named {settings.remote!r} in this repository "
                       f"(`git remote -v` lists them); pass --remote")
    remote = parse_remote(url)
    kind = settings.forge or (infer_forge(remote) if remote else None)
    if kind is None:
        where = f"host {remote.host}" if remote else f"URL {url}"
        raise BotError(f"cannot tell the forge of remote {settings.remote!r} ({where}); "
                       f"pass --forge github|gitea")
    owner = name = None
    if settings.repo:
        owner, _, name = settings.repo.partition("/")
        if not owner or not name or "/" in name:
            raise BotError(f"--repo {settings.repo!r} is not OWNER/NAME")
    elif remote:
        owner, name = remote.owner, remote.name
    elif not settings.dry_run:
        raise BotError(f"cannot tell the repository from remote {settings.remote!r} "
                       f"(URL {url}); pass --repo OWNER/NAME")
    if settings.api_url:
        api_url = normalise_api_url(kind, settings.api_url)
    elif remote:
        api_url = api_url_for(kind, remote)
    elif kind == "github":
        api_url = PUBLIC_GITHUB_API          # --forge github alone means github.com
    elif settings.dry_run:
        api_url = None
    else:
        raise BotError(f"cannot tell the API of remote {settings.remote!r} (URL {url}); "
                       f"pass --api-url")
    return Target(kind, api_url, owner, name)


def _token(settings: Settings, kind: str) -> str:
    name = settings.token_env or FORGES[kind].token_env
    token = os.environ.get(name, "").strip()
    if not token:
        raise BotError(f"no token: the environment variable {name} is not set"
                       + ("" if settings.token_env else " (or pass --token-env NAME)"))
    return token


class Worktree:
    """A temporary detached worktree at a commit, removed on exit."""

    def __init__(self, git: Git, commit: str) -> None:
        self.git = git
        self.commit = commit
        self.path = ""

    def __enter__(self) -> str:
        parent = tempfile.mkdtemp(prefix="deferfix-pr-")
        self.path = os.path.join(parent, "tree")
        self.git("worktree", "add", "--quiet", "--detach", self.path, self.commit)
        return self.path

    def __exit__(self, *exc) -> None:
        self.git("worktree", "remove", "--force", self.path, check=False)
        shutil.rmtree(os.path.dirname(self.path), ignore_errors=True)
        self.git("worktree", "prune", check=False)


def _commit(git: Git, worktree: str, proposal: Proposal, settings: Settings) -> str:
    paths = {id(change): path for path, change in proposal.changes}
    writes = Writes(stop_at_error=True).write([change for _, change in proposal.changes])
    if writes.failed:
        change, why = writes.failed[0]
        raise BotError(f"{paths[id(change)]}: {why}")
    git("add", "--", *(path for path, _ in proposal.changes), cwd=worktree)
    author, committer = settings.author, settings.bot_committer
    env = {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
           "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email}
    git("-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-F", "-",
        cwd=worktree, env=env, input=commit_message(proposal).encode())
    return git("rev-parse", "HEAD", cwd=worktree).strip()


def _print_dry_run(say: Output, settings: Settings, state: RemoteState, sha: str,
                   proposal: Proposal, pr_title: str, pr_body: str) -> None:
    say.out(f"branch: {settings.branch} (from {state.base} at {state.base_sha[:12]}; "
            f"dry run: not pushed)")
    say.out(f"commit {sha}")
    say.out(f"Author: {settings.author}")
    say.out(f"Commit: {settings.bot_committer}")
    say.out()
    for line in commit_message(proposal).splitlines():
        say.out(f"    {line}".rstrip())
    say.out()
    for diff in proposal.diffs():
        say.out(diff.decode("utf-8", "replace").rstrip("\n"))
    say.out()
    say.out(f"title: {pr_title}")
    say.out()
    say.out("body:")
    say.out(pr_body.rstrip("\n"))


def run_bot(settings: Settings, say: Output) -> int:
    git = Git(os.getcwd(), say)
    root = git("rev-parse", "--show-toplevel", check=False).strip()
    if not root:
        raise BotError("not inside a git work tree")
    root = os.path.realpath(root)
    relative = _repo_relative_paths(settings.paths, root)
    target = _target(git, settings)
    token = ""
    if not settings.dry_run:
        token = _token(settings, target.kind)
        say.redact.add(token)
    state = _remote_state(git, settings.remote, settings.base, settings.branch)
    state.base_sha = _fetch(git, settings.remote, state.base)
    say.debug(f"base {state.base} at {state.base_sha[:12]}")
    # A dry run makes the client too (for the links in the body) but calls nothing.
    forge = None
    if target.api_url and target.owner and target.name:
        forge = make_forge(target.kind, target.api_url, target.owner, target.name, token,
                           say.redact, settings.retry, on_wait=say.info)
        forge.warn = lambda text: say.info(f"warning: {text}")
    with Worktree(git, state.base_sha) as worktree:
        proposal = _compute(worktree, relative, settings, state.base)
        for path, message in proposal.result.errors:
            say.info(f"deferfix: {proposal.repo_paths.get(path, path)}: {message}")
        for rejection in proposal.result.rejected:
            f = rejection.finding
            say.info(f"{proposal.repo_paths.get(f.path, f.path)}:{f.line}:{f.col}: {f.rule}: "
                     f"fix left out: {rejection.reason}")
        sha = _commit(git, worktree, proposal, settings) if proposal.changes else None
    if sha is None:
        if settings.dry_run:
            say.out(f"no fixes on {state.base}: no branch and no pull request (dry run; an "
                    f"open pull request for {settings.branch} would be closed and the "
                    f"branch deleted)")
            return 0
        return _no_fixes(git, forge, settings, state, say)
    link = None
    if forge is not None:
        link = lambda path, line: forge.line_url(state.base_sha, path, line)  # noqa: E731
    pr_title, pr_body = title(proposal), body(proposal, settings.branch, link)
    if settings.dry_run:
        _print_dry_run(say, settings, state, sha, proposal, pr_title, pr_body)
        return 0
    return _publish(git, forge, settings, state, sha, proposal, pr_title, pr_body, say)


def _bot_branch_tip(git: Git, settings: Settings,
                    state: RemoteState) -> tuple[str | None, str | None]:
    """(sha, change hash) of the bot branch on the remote; stops on a person's commit."""
    if state.branch_sha is None:
        return None, None
    tip = _branch_tip(git, _fetch(git, settings.remote, settings.branch))
    _check_bot_made(tip, settings)
    return tip.sha, tip.change


def _describes(forge: Forge, pr: PullRequest, pr_title: str, change: str) -> bool:
    """True when the pull request already shows this change (by its hidden marker)."""
    marker = _MARKER.search(pr.body)
    return forge.title_matches(pr, pr_title) and marker is not None and \
        marker.group(1) == change


def _rejected_by_a_person(pr: PullRequest | None, fixes_id: str) -> bool:
    """A pull request with these very fixes that was closed without merging, not by the bot."""
    if pr is None or pr.state != "closed" or pr.merged or CLOSED_MARKER in pr.body:
        return False
    marker = _FIXES_MARKER.search(pr.body)
    return marker is not None and marker.group(1) == fixes_id


def _publish(git: Git, forge: Forge, settings: Settings, state: RemoteState, sha: str,
             proposal: Proposal, pr_title: str, pr_body: str, say: Output) -> int:
    change = proposal.change_hash
    tip, pushed_change = _bot_branch_tip(git, settings, state)
    pr = forge.find_open_pr(settings.branch)
    if pushed_change == change and pr is not None and _describes(forge, pr, pr_title, change):
        say.out(f"up to date: pull request #{pr.number} already proposes these fixes "
                f"({pr.url}); nothing pushed or changed")
        return 0
    if pr is None:
        closed = forge.find_closed_pr(settings.branch, state.base)
        if _rejected_by_a_person(closed, proposal.fixes_id):
            say.out(f"not proposed again: pull request #{closed.number} with these fixes was "
                    f"closed without merging ({closed.url}); nothing pushed or opened until "
                    f"the fixes change")
            return 0
    if pushed_change != change:
        lease = f"--force-with-lease=refs/heads/{settings.branch}:{tip or ''}"
        git("push", "--quiet", lease, settings.remote, f"{sha}:refs/heads/{settings.branch}")
        forge.pushed = True
        say.info(f"pushed {sha[:12]} to {settings.remote} {settings.branch}")
    verb = "updated"
    if pr is None:
        try:
            pr = forge.create_pr(pr_title, pr_body, settings.branch, state.base,
                                 draft=settings.draft, labels=settings.labels,
                                 reviewers=settings.reviewers)
            verb = "opened"
        except PullRequestExists:
            pr = forge.find_open_pr(settings.branch)
            if pr is None:
                raise BotError(f"the forge says a pull request for {settings.branch!r} "
                               f"exists, but none is open for it") from None
            say.info(f"pull request #{pr.number} already exists for {settings.branch}")
    if verb == "updated" and not _describes(forge, pr, pr_title, change):
        pr = forge.update_pr(pr, pr_title, pr_body)
    say.out(f"{verb} pull request #{pr.number}: {pr.url}")
    return 0


def _only_bot_commits(git: Git, settings: Settings, state: RemoteState, tip: str) -> bool:
    """True when every commit of the bot branch that is not on the base is the bot's.

    The bot makes one commit on a base commit; anything else on the branch (a person's commit
    under the bot's, a base that was rewritten) keeps the branch from being deleted. A shallow
    clone fetches just the branch's commits that are not on the base to tell.
    """
    if git("rev-parse", "--is-shallow-repository").strip() == "true":
        try:
            git("fetch", "--quiet", "--no-tags", f"--shallow-exclude={state.base}",
                settings.remote, f"refs/heads/{settings.branch}")
        except BotError as exc:
            # The whole branch is on the base (merged): the server selects no commit.
            return "no commits selected" in str(exc)
    commits = git("rev-list", tip, "--not", state.base_sha).split()
    for commit in commits:
        made = _branch_tip(git, commit)
        if made.committer.lower() != settings.bot_committer.email.lower() or made.change is None:
            return False
    return True


def _delete_bot_branch(git: Git, settings: Settings, state: RemoteState, tip: str,
                       say: Output) -> bool:
    """Delete the bot branch on the remote if it holds only the bot's work and is still at
    `tip` (a lease: a push that raced this run keeps it). Best effort: False when kept."""
    if not _only_bot_commits(git, settings, state, tip):
        say.info(f"warning: branch {settings.branch} has commits that are not the bot's and "
                 f"not on {state.base}; not deleting it")
        return False
    try:
        git("push", "--quiet", f"--force-with-lease=refs/heads/{settings.branch}:{tip}",
            settings.remote, f":refs/heads/{settings.branch}")
    except BotError as exc:
        say.info(f"warning: could not delete branch {settings.branch}: {exc}")
        return False
    return True


def _no_fixes(git: Git, forge: Forge, settings: Settings, state: RemoteState,
              say: Output) -> int:
    pr = forge.find_open_pr(settings.branch)
    if pr is None:
        if state.branch_sha is None:
            say.out(f"no fixes on {state.base}: no branch and no pull request")
            return 0
        # A branch left behind (its pull request merged or closed): the bot's own goes.
        tip = _branch_tip(git, _fetch(git, settings.remote, settings.branch))
        try:
            _check_bot_made(tip, settings)
        except BotError:
            say.out(f"no fixes on {state.base}: no pull request; branch {settings.branch} "
                    f"has commits the bot did not make and is left alone")
            return 0
        if _delete_bot_branch(git, settings, state, tip.sha, say):
            say.out(f"no fixes on {state.base}: no pull request; deleted the bot's branch "
                    f"{settings.branch}")
        else:
            say.out(f"no fixes on {state.base}: no pull request; branch {settings.branch} "
                    f"left alone")
        return 0
    tip, _ = _bot_branch_tip(git, settings, state)
    # Close first: the comment needs more of the token (Gitea: write:issue) and is only a
    # courtesy. The marker tells a later run that the bot closed it, not a person.
    forge.close_pr(pr.number, body=pr.body.rstrip("\n") + f"\n\n{CLOSED_MARKER}\n")
    deleted = tip is not None and _delete_bot_branch(git, settings, state, tip, say)
    forge.best_effort(f"comment on pull request #{pr.number} (it is closed all the same)",
                       lambda: forge.comment(
                           pr.number, f"deferfix finds nothing left to fix on `{state.base}`: "
                                      f"the fixes in this pull request have landed or no "
                                      f"longer apply, so the bot closed it"
                                      + (" and deleted its branch." if deleted else ".")))
    say.out(f"no fixes on {state.base}: closed pull request #{pr.number} ({pr.url})"
            + (f"; deleted branch {settings.branch}" if deleted else ""))
    return 0


# --- the command ----------------------------------------------------------------------------

def _names(ctx, param, value) -> tuple[str, ...]:
    """Repeated or comma-separated names, in order, each once."""
    names: list[str] = []
    for item in value:
        for name in item.split(","):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    return tuple(names)


def _identity(ctx, param, value):
    if value is None:
        return None
    try:
        return Identity.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("pr")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--branch", default=DEFAULT_BRANCH, show_default=True,
              help="The bot branch the fixes are committed on.")
@click.option("--base", help="The branch to fix and to open the pull request against "
                             "(default: the remote's default branch).")
@click.option("--remote", default="origin", show_default=True, help="The git remote to push to.")
@click.option("--forge", type=click.Choice(sorted(FORGES)),
              help="The forge (default: inferred from the remote URL).")
@click.option("--api-url", help="The forge's API root, e.g. https://ghe.example.com/api/v3 or "
                                "https://gitea.example.com/api/v1 (default: from the remote).")
@click.option("--repo", metavar="OWNER/NAME", help="The repository (default: from the remote).")
@click.option("--token-env", metavar="NAME",
              help="Environment variable holding the token (default: GITHUB_TOKEN or "
                   "GITEA_TOKEN).")
@click.option("--author", default=DEFAULT_IDENTITY, show_default=True, callback=_identity,
              metavar="'NAME <EMAIL>'", help="Author of the bot's commit.")
@click.option("--committer", callback=_identity, metavar="'NAME <EMAIL>'",
              help="Committer of the bot's commit (default: the author). Commits on the bot "
                   "branch by any other committer stop the bot.")
@click.option("--label", "labels", multiple=True, callback=_names, metavar="NAME",
              help="Label the new pull request (comma-separated or repeated; GitHub creates "
                   "a missing label, Gitea needs it to exist).")
@click.option("--reviewer", "reviewers", multiple=True, callback=_names, metavar="USER",
              help="Ask USER, or the team ORG/TEAM, to review the new pull request "
                   "(comma-separated or repeated).")
@click.option("--draft", is_flag=True,
              help="Open the pull request as a draft (Gitea: a 'WIP:' title). A later run "
                   "leaves its draft state as a person set it.")
@click.option("--dry-run", is_flag=True,
              help="Print the branch, the commit, the title and the body; push and call "
                   "nothing.")
@with_options([SELECT, IGNORE])
@click.option("--unsafe-fixes", is_flag=True, help="Also propose fixes marked unsafe.")
@with_options([GO_VERSION, NO_VERIFY])
@click.option("--allow-unverified", is_flag=True,
              help="Also propose fixes that go vet could not check (a module go vet cannot "
                   "load); by default they are left out, as with --require-vet.")
@with_options([JOBS, INCLUDE_GENERATED, EXCLUDE, NEW_FROM_REV, CONFIG, ISOLATED])
@click.option("--max-retry-wait", type=click.FloatRange(min=0), default=300.0,
              show_default=True, help="Longest wait, in seconds, for a rate-limited forge.")
@click.option("--retry-scale", type=click.FloatRange(min=0), default=1.0, hidden=True)
@click.option("--verbose", "-v", is_flag=True, help="Git commands and progress on stderr.")
def pr(paths, branch, base, remote, forge, api_url, repo, token_env, author, committer,
       labels, reviewers, draft, dry_run, select, ignore, unsafe_fixes, go_version, no_verify,
       allow_unverified, jobs, include_generated, exclude, new_from_rev, config_file, isolated,
       max_retry_wait, retry_scale, verbose) -> None:
    """Commit the verified fixes on a bot branch and open or update its pull request.

    Run inside a git work tree. Exit codes: 0 done (opened, updated, already up to date,
    nothing to fix, closed, not proposed again); 1 the bot branch has commits the bot did not
    make; 2 an error.
    """
    from . import internal
    internal.verbose = verbose   # the traceback of an internal error, with -v
    # Without --unsafe-fixes, .deferfix.toml (read in the base's tree) decides.
    options = Options(paths=paths or (".",), select=list(select) or None,
                      ignore=list(ignore) or None, unsafe_fixes=True if unsafe_fixes else None,
                      go_version=go_version, fix=True, verify=not no_verify, jobs=jobs,
                      include_generated=include_generated, exclude=exclude,
                      require_vet=not (no_verify or allow_unverified),
                      new_from_rev=new_from_rev, isolated=isolated,
                      config_file=os.path.abspath(config_file) if config_file else None)
    check_config(config_file, isolated)
    settings = Settings(paths=paths or (".",), branch=branch, base=base, remote=remote,
                        forge=forge, api_url=api_url, repo=repo, token_env=token_env,
                        author=author, committer=committer, dry_run=dry_run, options=options,
                        retry=RetryPolicy(max_wait=max_retry_wait, scale=retry_scale),
                        verbose=verbose, labels=labels, reviewers=reviewers, draft=draft)
    say = Output(Redactor(), verbose)
    try:
        code = run_bot(settings, say)
    except (BotError, ForgeError) as exc:
        say.info(f"deferfix pr: {_one_line(str(exc))}")
        code = getattr(exc, "code", EXIT_ERROR)
    except BrokenPipeError:          # `deferfix pr --dry-run | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_ERROR
    except Exception as exc:  # a bug: one line, the traceback only when asked for
        if verbose:
            say.info(traceback.format_exc())
        say.info(f"deferfix pr: internal error: {type(exc).__name__}: {_one_line(str(exc))}"
                 + ("" if verbose else " (--verbose shows the traceback)"))
        code = EXIT_ERROR
    sys.exit(code)


def _one_line(text: str) -> str:
    return " ".join(text.split())
