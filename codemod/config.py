"""`.deferfix.toml`: per-project settings, found by walking up from each file.

The nearest `.deferfix.toml` at or above a file's directory applies to that file (one file,
no merging with configs further up). Keys (all optional):

    select = ["defer-in-loop", "deferred-lock"]   # rule ids, or ["ALL"]
    ignore = ["recover-misuse"]
    exclude = ["gen/", "*_mock.go"]                # gitignore-style, relative to this file
    unsafe-fixes = false
    go-version = "1.21"                            # language version for every file
    types = false                                  # no go/types: the syntax alone (--no-types)
    [per-path-ignores]
    "legacy/**" = ["defer-in-loop"]                # gitignore-style glob -> rule ids or "ALL"

Command-line flags win over the file: `--select` replaces `select` and drops `ignore` (the
command line says which rules run), `--ignore` replaces `ignore`, `--exclude` replaces
`exclude`, `--unsafe-fixes`/`--no-unsafe-fixes` and `--go-version` replace theirs, and
`--no-types` switches go/types off whatever `types` says.
`per-path-ignores` always apply. A bad key or value raises `ConfigError` with one line
naming the file and the key.

`--config PATH` (as ruff's) uses that file for every file, with no search (its relative
globs are relative to its own directory, as any config's); `--isolated` uses none.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    import pathspec

from .goversion import Version, parse_version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - pyproject pulls tomli in below 3.11
    import tomli as tomllib

CONFIG_NAME = ".deferfix.toml"
KEYS = ("select", "ignore", "exclude", "unsafe-fixes", "go-version", "types",
        "per-path-ignores")


class ConfigError(Exception):
    """A config file that cannot be used; str() is one line naming the file and the key."""


@dataclass(frozen=True)
class Config:
    path: str                                  # the .deferfix.toml, absolute
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    unsafe_fixes: bool | None = None
    go_version: Version | None = None
    types: bool | None = None
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def root(self) -> str:
        return os.path.dirname(self.path)


def load(path: str, known_rules: Sequence[str]) -> Config:
    """Read and check one config file."""
    shown = _shown(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read: {exc.strerror or exc}") from exc
    # TOML is UTF-8; a byte order mark (as some Windows editors write) is allowed.
    body = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{shown}: not valid TOML: not UTF-8 (byte 0x{body[exc.start]:02x} "
                          f"at line {line})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from exc
    check = _Checker(shown, set(known_rules) | {"ALL"})
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{shown}: {key}: unknown key (known: {', '.join(KEYS)})")
    return Config(
        path=os.path.abspath(path),
        select=check.rules("select", data.get("select")),
        ignore=check.rules("ignore", data.get("ignore")),
        exclude=check.strings("exclude", data.get("exclude")) or (),
        unsafe_fixes=check.boolean("unsafe-fixes", data.get("unsafe-fixes")),
        go_version=check.version("go-version", data.get("go-version")),
        types=check.boolean("types", data.get("types")),
        per_path_ignores=check.per_path("per-path-ignores", data.get("per-path-ignores")),
    )


def _shown(path: str) -> str:
    from .discovery import display_path
    return display_path(os.path.abspath(path))


@dataclass
class _Checker:
    shown: str
    known: set[str]

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.shown}: {key}: {problem}")

    def strings(self, key: str, value: Any) -> tuple[str, ...] | None:
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"want a list of strings, got {_toml_repr(value)}")
        return tuple(value)

    def rules(self, key: str, value: Any) -> tuple[str, ...] | None:
        names = self.strings(key, value)
        for name in names or ():
            if name not in self.known:
                raise self.fail(key, f"unknown rule {name!r} (`deferfix rules` lists them)")
        return names

    def boolean(self, key: str, value: Any) -> bool | None:
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, f"want true or false, got {_toml_repr(value)}")
        return value

    def version(self, key: str, value: Any) -> Version | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(key, f"want a string like \"1.21\", got {_toml_repr(value)}")
        try:
            return parse_version(value)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from exc

    def per_path(self, key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            raise self.fail(key, f"want a table of glob = [rules], got {_toml_repr(value)}")
        return tuple((glob, self.rules(f"{key}.{_toml_key(glob)}", rules) or ())
                     for glob, rules in value.items())


def _toml_repr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    return repr(value)


def _toml_key(key: str) -> str:
    return key if key.replace("-", "").replace("_", "").isalnum() else f'"{key}"'


# --- resolving the settings of each file ---------------------------------------------------

@dataclass(frozen=True)
class FileSettings:
    rules: tuple[str, ...]            # rule ids that run on the file
    unsafe_fixes: bool
    go_version: Version | None
    config: str | None                # the config file that applied, if any
    types: bool = True                # ask go/types (False: --no-types, `types = false`)


@dataclass
class Resolver:
    """Settings per file for one run: the nearest config, then the command-line flags.

    Flags are given as the runner's Options (None / () / False mean "not given"; for
    unsafe_fixes, None means not given).
    """
    options: Any
    known_rules: Sequence[str]
    _configs: dict[str, Config | None] = field(default_factory=dict)
    _loaded: dict[str, Config] = field(default_factory=dict)
    _specs: dict[Any, pathspec.PathSpec] = field(default_factory=dict)
    # The settings of a config (by its path; None: no config) that no glob of it makes
    # depend on the file's path: the same for every file it applies to.
    _same: dict[str | None, FileSettings] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # --config PATH: that file for every file, no discovery (loaded now, so a missing or
        # bad one stops the run even when no file is found); --isolated: no file at all.
        given = getattr(self.options, "config_file", None)
        if given:
            path = os.path.abspath(given)
            if not os.path.isfile(path):
                raise ConfigError(f"{_shown(path)}: --config: no such file")
            self._fixed: Config | None = load(path, self.known_rules)

    def config_for(self, directory: str) -> Config | None:
        """The nearest config at or above `directory` (cached per directory); the one of
        --config, or none with --isolated."""
        if getattr(self.options, "config_file", None):
            return self._fixed
        if getattr(self.options, "isolated", False):
            return None
        directory = os.path.abspath(directory)
        if directory not in self._configs:
            candidate = os.path.join(directory, CONFIG_NAME)
            if os.path.isfile(candidate):
                if candidate not in self._loaded:
                    self._loaded[candidate] = load(candidate, self.known_rules)
                found = self._loaded[candidate]
            else:
                parent = os.path.dirname(directory)
                found = None if parent == directory else self.config_for(parent)
            self._configs[directory] = found
        return self._configs[directory]

    def settings_for(self, path: str) -> FileSettings | None:
        """The file's settings, or None when the config excludes it."""
        path = os.path.abspath(path)
        config = self.config_for(os.path.dirname(path))
        if config is None or not config.per_path_ignores and (
                self.options.exclude or not config.exclude):
            key = config.path if config is not None else None
            if key not in self._same:
                self._same[key] = self._settings(config, path)
            return self._same[key]
        if not self.options.exclude and self._matches(config, config.exclude, path):
            return None
        return self._settings(config, path)

    def _settings(self, config: Config | None, path: str) -> FileSettings:
        return FileSettings(rules=self._rules(config, path),
                            unsafe_fixes=self._unsafe(config),
                            go_version=self.options.go_version or (
                                config.go_version if config else None),
                            config=config.path if config else None,
                            types=self._types(config))

    def _rules(self, config: Config | None, path: str) -> tuple[str, ...]:
        select = self.options.select or (config.select if config else None)
        ignore = self.options.ignore or (
            config.ignore if config and not self.options.select else None)
        chosen = [r for r in self.known_rules
                  if (not select or "ALL" in select or r in select)
                  and not (ignore and ("ALL" in ignore or r in ignore))]
        for glob, rules in config.per_path_ignores if config else ():
            if self._matches(config, (glob,), path):
                chosen = [] if "ALL" in rules else [r for r in chosen if r not in rules]
        return tuple(chosen)

    def _unsafe(self, config: Config | None) -> bool:
        if self.options.unsafe_fixes is not None:
            return bool(self.options.unsafe_fixes)
        return bool(config and config.unsafe_fixes)

    def _types(self, config: Config | None) -> bool:
        if getattr(self.options, "types", None) is False:
            return False     # --no-types wins; there is no flag that turns them back on
        return not (config and config.types is False)

    def _matches(self, config: Config, globs: Sequence[str], path: str) -> bool:
        key = tuple(globs)
        if key not in self._specs:
            import pathspec   # on first use: it takes ~30 ms to import (asyncio with it)
            self._specs[key] = pathspec.GitIgnoreSpec.from_lines(globs)
        rel = os.path.relpath(path, config.root).replace(os.sep, "/")
        return not rel.startswith("../") and self._specs[key].match_file(rel)
