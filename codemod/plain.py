"""Dataclasses to and from plain data (what JSON holds), checked against their annotations.

`to_plain(value)` turns a dataclass into dicts, lists, strings, numbers, booleans and None,
following each field's annotation: bytes become text (UTF-8, other bytes kept by
surrogateescape), tuples and frozensets lists, enums their values, nested dataclasses dicts.
Fields at their default are left out. `from_plain(cls, data)` is the reverse and trusts
nothing: every value must have the annotated type, every dict exactly known fields, and the
dataclass's own checks (`__post_init__`) run; anything else raises `Malformed`. No code is
ever looked up by a name found in the data, so reading it cannot run anything.

Supported annotations: str, int, bool, bytes, None, X | None, list[X], tuple[X, ...],
tuple[X, Y], frozenset[X], Enum subclasses and dataclasses made of those.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from typing import Any


class Malformed(ValueError):
    """Plain data that does not have the shape of the type asked for."""


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    """(name, annotation, default) of each field of `cls`; the default is
    dataclasses.MISSING when there is none."""
    hints = typing.get_type_hints(cls)
    found = []
    for f in dataclasses.fields(cls):
        default = f.default if f.default is not dataclasses.MISSING else (
            f.default_factory() if f.default_factory is not dataclasses.MISSING
            else dataclasses.MISSING)
        found.append((f.name, hints[f.name], default))
    return tuple(found)


def to_plain(value: Any, hint: Any = None, skip: frozenset[str] = frozenset()) -> Any:
    """`value` as plain data, following `hint` (default: its own dataclass); fields named in
    `skip` are left out of the outermost dataclass."""
    hint = type(value) if hint is None else hint
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        return to_plain(value, next(a for a in args if a is not type(None)))
    if hint is bytes:
        return value.decode("utf-8", "surrogateescape")
    if hint in (str, int, bool) or hint is type(None):
        if type(value) is not hint and not (hint is type(None) and value is None):
            raise TypeError(f"{value!r} is not a {hint}")
        return value
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return value.value
    if origin in (list, tuple) and (origin is list or args[-1:] == (Ellipsis,)):
        return [to_plain(item, args[0]) for item in value]
    if origin is tuple:
        return [to_plain(item, arg) for item, arg in zip(value, args, strict=True)]
    if origin is frozenset:
        return sorted(to_plain(item, args[0]) for item in value)
    if dataclasses.is_dataclass(hint):
        return {name: to_plain(getattr(value, name), field_hint)
                for name, field_hint, default in _fields(hint)
                if name not in skip and getattr(value, name) != default}
    raise TypeError(f"no plain form for {hint}")


@functools.lru_cache(maxsize=None)
def _shape(hint: Any) -> tuple[str, Any, tuple]:
    """What `from_plain` does with an annotation, worked out once per annotation (a cache
    entry holds thousands of values of a handful of them): (kind, the annotation it leads
    to, its arguments)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return "optional", next(a for a in args if a is not type(None)), \
            (type(None) in args,)
    if hint is bytes:
        return "bytes", hint, ()
    if hint in (str, int, bool):
        return "scalar", hint, ()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "enum", hint, ()
    if origin in (list, tuple) and (origin is list or args[-1:] == (Ellipsis,)):
        return "sequence", origin, (args[0],)
    if origin is tuple:
        return "tuple", origin, args
    if origin is frozenset:
        return "frozenset", origin, (args[0],)
    if dataclasses.is_dataclass(hint):
        return "dataclass", hint, ()
    return "unknown", hint, ()


def from_plain(hint: Any, data: Any, skip: frozenset[str] = frozenset(),
               extra: dict[str, Any] | None = None) -> Any:
    """The value of type `hint` that `data` stands for. The outermost dataclass's fields
    named in `skip` must not be in the data (they were left out by `to_plain`): they take
    their value from `extra`, else their default."""
    kind, target, args = _shape(hint)
    if kind == "scalar":
        return _typed(data, target)
    if kind == "optional":
        if data is None and args[0]:
            return None
        return from_plain(target, data)
    if kind == "bytes":
        return _typed(data, str).encode("utf-8", "surrogateescape")
    if kind == "enum":
        return target(data)
    if kind == "sequence":
        return target(from_plain(args[0], item) for item in _typed(data, list))
    if kind == "tuple":
        items = _typed(data, list)
        if len(items) != len(args):
            raise Malformed(f"want {len(args)} items, got {len(items)}")
        return tuple(from_plain(arg, item) for item, arg in zip(items, args))
    if kind == "frozenset":
        return frozenset(from_plain(args[0], item) for item in _typed(data, list))
    if kind == "dataclass":
        return _dataclass(target, _typed(data, dict), skip | set(extra or {}), extra or {})
    raise Malformed(f"no plain form for {hint}")


def _typed(data: Any, kind: type) -> Any:
    if type(data) is not kind:
        raise Malformed(f"want {kind.__name__}, got {type(data).__name__}")
    return data


@functools.lru_cache(maxsize=None)
def _known(cls: type) -> dict[str, Any]:
    return {name: field_hint for name, field_hint, _ in _fields(cls)}


def _dataclass(cls: type, data: dict, skip: set[str], extra: dict[str, Any]) -> Any:
    known = _known(cls)
    unknown = set(data) - set(known) or set(data) & skip
    if unknown:
        raise Malformed(f"{cls.__name__}: unexpected field {sorted(map(str, unknown))[0]!r}")
    values = {name: from_plain(known[name], value) for name, value in data.items()}
    try:
        return cls(**extra, **values)
    except (TypeError, ValueError) as exc:    # a missing field, the class's own checks
        raise Malformed(f"{cls.__name__}: {exc}") from exc
