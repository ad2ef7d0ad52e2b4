"""The answers of the types service, as frozen data, built only from validated JSON.

Every answer is one of:
- `Ident`, `Expr`, `Call`: what go/types says (the package type-checked cleanly, as far as
  the bodies holding questions and every declaration go);
- `NoAnswer`: types are available, but nothing of the asked kind is at those bytes (no
  identifier starts there, no call spans them);
- `Unavailable`: types are not available for the file, with the reason in words for the
  why-line, and a cause a rule may branch on.
A rule must treat `Unavailable` (and `NoAnswer`) as "types did not settle it": fall back to
the syntax, never more permissive than a typed answer would be.

`from_json` accepts only the shapes below (types of every field checked, unknown fields
ignored); anything else raises `Malformed`, which the service turns into `Unavailable`. The
same check guards fresh answers and cached ones: nothing read back is trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# Unavailable.cause
NO_TYPES = "no-types"          # --no-types / types = false
NO_GO = "no-go"                # go is not on PATH (or go env fails)
BUILD_FAILED = "build-failed"  # the helper did not build
LIST_FAILED = "list-failed"    # go list failed for the module (broken go.mod, newer go line, …)
TYPE_ERRORS = "type-errors"    # the package variant holding the file does not type-check
EXCLUDED = "excluded"          # build constraints exclude the file on this platform
CHANGED = "changed"            # the text go/types read is not the one deferfix has
HELPER_FAILED = "helper-failed"  # the helper crashed, timed out or answered nonsense
OTHER = "other"                # not part of a package, cgo file, …
PENDING = "pending"            # asked during this analysis, answered on the next (see record.py)


class Malformed(ValueError):
    pass


@dataclass(frozen=True)
class Unavailable:
    reason: str
    cause: str = OTHER

    def __bool__(self) -> bool:       # `if answer:` reads as "types answered"
        return False


@dataclass(frozen=True)
class NoAnswer:
    reason: str

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class TypeDesc:
    """A type: its text (package paths in full: `*os.File`, `map[string]example.com/m.T`), its
    underlying kind (string, slice, array, map, chan, pointer, struct, interface, func, basic,
    typeparam, tuple, nil, invalid), the basic type's name, the named type (`os.File`,
    `sync.Mutex`, `error`), the named type a pointer points to, and whether it is `error`.
    `written` is the type as the asking package's source writes it: other packages by name,
    its own types bare (`*os.File`, `errgroup.Group`, `T`)."""
    type: str
    kind: str
    written: str = ""
    basic: str = ""
    named: str = ""
    pointee: str = ""
    error: bool = False


@dataclass(frozen=True)
class Decl:
    """Where an object is declared: a file of the checked package with its byte offset, or a
    file and line from export data (`$GOROOT/src/os/file.go`, line 389)."""
    file: str
    offset: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class Ident:
    """What an identifier denotes. object: builtin, pkgname, func, method, var, field, type,
    label, const, nil. def: this identifier declares it."""
    name: str
    object: str
    def_: bool
    universe: bool
    package_level: bool
    pkg: str = ""
    decl: Decl | None = None
    type: TypeDesc | None = None
    qualified: str = ""          # func/method: `os.Open`, `(*sync.Mutex).Lock`
    imported: str = ""           # pkgname: the package path
    role: str = ""               # var: param, result, receiver, or ""
    pointer_receiver: bool = False
    embedded: bool = False
    alias: bool = False
    value: str = ""              # const: the exact value
    type_switch: bool = False    # the symbolic variable of a type switch (no single type)


@dataclass(frozen=True)
class Method:
    func: str                    # `(*sync.Mutex).Lock`
    signature: str
    value: bool                  # in the value's own method set (not only the pointer's)


@dataclass(frozen=True)
class MethodSet:
    """The methods callable on an expression (through its address when it is addressable)."""
    through_pointer: bool
    locker: bool                 # implements sync.Locker (Lock(), Unlock())
    closer: bool                 # implements io.Closer (Close() error)
    commit_rollback: bool        # has methods named Commit and Rollback
    methods: dict[str, Method] = field(default_factory=dict)


@dataclass(frozen=True)
class Expr:
    """mode: novalue, builtin, type, nil, constant, variable, commaok, value."""
    mode: str
    type: TypeDesc | None
    addressable: bool
    value: str = ""
    methods: MethodSet | None = None


@dataclass(frozen=True)
class Receiver:
    expr_type: TypeDesc | None
    addressable: bool
    indirect: bool
    pointer: bool = False        # the method is declared on the pointer
    interface: bool = False      # an interface method
    implicit_address: bool = False   # x.M() means (&x).M()
    implicit_deref: bool = False     # p.M() means (*p).M()


@dataclass(frozen=True)
class Call:
    """callee_kind: func, method, method_expr, builtin, conversion, func_value, func_literal.
    callee: the qualified name (`os.Open`, `(*sync.Mutex).Lock`, `len`, `unsafe.Sizeof`).
    callee_origin: where the callee's package is, as go list sees it: "package" (the asking
    package), "std" (the standard library: a package of GOROOT), "module" (another package
    of the asking package's module), "other" (another module, or GOPATH), "" (not known)."""
    callee_kind: str
    results: tuple[TypeDesc, ...]
    callee: str = ""
    callee_pkg: str = ""
    callee_origin: str = ""
    callee_decl: Decl | None = None
    callee_var: str = ""
    receiver: Receiver | None = None
    type: TypeDesc | None = None  # conversion: the type; func_value: the field's type


Answer = Union[Ident, Expr, Call, NoAnswer, Unavailable]

# --- validation -------------------------------------------------------------------------------


def _get(obj: dict, key: str, kind: type | tuple, default: Any = None) -> Any:
    value = obj.get(key, default)
    if value is None:
        return default
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise Malformed(f"{key}: want {kind}, got {type(value).__name__}")
    return value


def _str(obj: dict, key: str) -> str:
    return _get(obj, key, str, "")


def _bool(obj: dict, key: str) -> bool:
    return _get(obj, key, bool, False)


def _dict(obj: Any, what: str) -> dict:
    if not isinstance(obj, dict):
        raise Malformed(f"{what}: want an object")
    return obj


def _type(obj: Any) -> TypeDesc | None:
    if obj is None:
        return None
    obj = _dict(obj, "type")
    return TypeDesc(type=_str(obj, "type"), kind=_str(obj, "kind"), written=_str(obj, "written"),
                    basic=_str(obj, "basic"),
                    named=_str(obj, "named"), pointee=_str(obj, "pointee"), error=_bool(obj, "error"))


def _decl(obj: Any) -> Decl | None:
    if obj is None:
        return None
    obj = _dict(obj, "decl")
    return Decl(file=_str(obj, "file"), offset=_get(obj, "offset", int), line=_get(obj, "line", int))


def _methods(obj: Any) -> MethodSet | None:
    if obj is None:
        return None
    obj = _dict(obj, "methods")
    methods = {}
    for name, m in _get(obj, "methods", dict, {}).items():
        m = _dict(m, "method")
        methods[str(name)] = Method(func=_str(m, "func"), signature=_str(m, "signature"),
                                    value=_bool(m, "value"))
    return MethodSet(through_pointer=_bool(obj, "through_pointer"), locker=_bool(obj, "locker"),
                     closer=_bool(obj, "closer"), commit_rollback=_bool(obj, "commit_rollback"),
                     methods=methods)


def _receiver(obj: Any) -> Receiver | None:
    if obj is None:
        return None
    obj = _dict(obj, "receiver")
    return Receiver(expr_type=_type(obj.get("expr_type")), addressable=_bool(obj, "addressable"),
                    indirect=_bool(obj, "indirect"), pointer=_bool(obj, "pointer"),
                    interface=_bool(obj, "interface"),
                    implicit_address=_bool(obj, "implicit_address"),
                    implicit_deref=_bool(obj, "implicit_deref"))


def from_json(kind: str, obj: Any) -> Answer:
    """One answer of the helper for a question of `kind`."""
    obj = _dict(obj, "answer")
    status = _str(obj, "status")
    if status == "none":
        return NoAnswer(_str(obj, "reason") or "nothing there")
    if status != "ok":
        raise Malformed(f"status {status!r}")
    if "object" in obj:      # an identifier (also asked as an expression)
        return Ident(name=_str(obj, "name"), object=_str(obj, "object"), def_=_bool(obj, "def"),
                     universe=_bool(obj, "universe"), package_level=_bool(obj, "package_level"),
                     pkg=_str(obj, "pkg"), decl=_decl(obj.get("decl")), type=_type(obj.get("type")),
                     qualified=_str(obj, "qualified"), imported=_str(obj, "imported"),
                     role=_str(obj, "role"), pointer_receiver=_bool(obj, "pointer_receiver"),
                     embedded=_bool(obj, "embedded"), alias=_bool(obj, "alias"),
                     value=_str(obj, "value"), type_switch=_bool(obj, "type_switch"))
    if kind in ("expr", "methods"):
        return Expr(mode=_str(obj, "mode"), type=_type(obj.get("type")),
                    addressable=_bool(obj, "addressable"), value=_str(obj, "value"),
                    methods=_methods(obj.get("methods")))
    if kind == "call":
        results = tuple(_type(_dict(r, "result")) for r in _get(obj, "results", list, []))
        return Call(callee_kind=_str(obj, "callee_kind"), results=results, callee=_str(obj, "callee"),
                    callee_pkg=_str(obj, "callee_pkg"),
                    callee_origin=_str(obj, "callee_origin"), callee_decl=_decl(obj.get("callee_decl")),
                    callee_var=_str(obj, "callee_var"), receiver=_receiver(obj.get("receiver")),
                    type=_type(obj.get("type")))
    raise Malformed(f"an answer to a {kind!r} question")
