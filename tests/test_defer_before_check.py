"""defer-before-check beyond the golden cases: what a callee of another module promises.

rules.md: the move is safe only when the value is known nil on the error path, by the
standard library's documentation or by the module's own function. A dependency's function
is neither: its (value, error) convention is its own, so the move is unsafe.
"""

from __future__ import annotations

import pytest

from codemod.testing import run_rule

SOURCE = """
package p

import (
    "net/http"

    "example.com/dep/fetch"
)

func get(url string) error {
    resp, err := {call}(url)
    defer resp.Body.Close()
    if err != nil {
        return err
    }
    return nil
}
"""


@pytest.mark.parametrize("call, applicability", [
    ("http.Get", "safe"),        # documented: a nil response with a non-nil error
    ("fetch.Get", "unsafe"),     # a dependency: whatever its own convention is
])
def test_a_callee_of_another_module_is_not_known_to_return_nil(call: str,
                                                               applicability: str) -> None:
    source = SOURCE.replace("{call}", call).replace("    ", "\t")
    findings, _ = run_rule("defer-before-check", source)
    (finding,) = findings
    assert finding.applicability.value == applicability, finding.fix.reason
    if applicability == "unsafe":
        assert "example.com/dep/fetch" in finding.fix.reason


WRAPPER = """
package p

import (
    "net/http"

    "example.com/dep/fetch"
)

func load(url string) (*http.Response, error) {
    resp, err := {call}(url)
    return resp, err
}

func get(url string) error {
    resp, err := load(url)
    defer resp.Body.Close()
    if err != nil {
        return err
    }
    return nil
}
"""


@pytest.mark.parametrize("call, applicability", [
    ("http.Get", "safe"),        # the package's load hands on what the standard library returns
    ("fetch.Get", "unsafe"),     # ... or what a dependency returns: not known to be nil
])
def test_a_package_wrapper_hands_on_what_its_callee_promises(call: str,
                                                             applicability: str) -> None:
    source = WRAPPER.replace("{call}", call).replace("    ", "\t")
    findings, _ = run_rule("defer-before-check", source)
    (finding,) = findings
    assert finding.applicability.value == applicability, finding.fix.reason


# --- the callee by go/types (a real module, the real toolchain) --------------------------------

TYPED_USER = """package p

import (
	"os"

	"example.com/dep/client"
	"{module}/fetch"
)

type own struct{}

type item struct{}

func (item) Close() {}

// Get of the package's own type returns nil with every error: by its name alone, every
// Get of the package would look like this one.
func (own) Get(url string) (*item, error) {
	if url == "" {
		return nil, os.ErrInvalid
	}
	return &item{}, nil
}

func Fetch(url string) error {
	r, err := fetch.Get(url)
	defer r.Close()
	if err != nil {
		return err
	}
	return nil
}

func FetchNil(url string) error {
	r, err := fetch.GetNil(url)
	defer r.Close()
	if err != nil {
		return err
	}
	return nil
}

func OtherModule(c *client.Client, url string) error {
	r, err := c.Get(url)
	defer r.Close()
	if err != nil {
		return err
	}
	return nil
}

func ThisModule(c *fetch.Client, url string) error {
	r, err := c.Get(url)
	defer r.Close()
	if err != nil {
		return err
	}
	return nil
}

func Own(o own, url string) error {
	r, err := o.Get(url)
	defer r.Close()
	if err != nil {
		return err
	}
	return nil
}

func Std(name string) error {
	f, err := os.Open(name)
	defer f.Close()
	if err != nil {
		return err
	}
	return nil
}
"""

TYPED_FETCH = """package fetch

import "errors"

type Resp struct{}

func (r *Resp) Close() {}

// Get hands back a live response with its error (a partial result).
func Get(url string) (*Resp, error) {
	if url == "" {
		return &Resp{}, errors.New("partial")
	}
	return &Resp{}, nil
}

func GetNil(url string) (*Resp, error) {
	if url == "" {
		return nil, errors.New("empty")
	}
	return &Resp{}, nil
}

type Client struct{}

func (c *Client) Get(url string) (*Resp, error) {
	r := &Resp{}
	if url == "" {
		return r, errors.New("partial")
	}
	return r, nil
}
"""

TYPED_CLIENT = """package client

type Client struct{}

type Resp struct{}

func (r *Resp) Close() {}

func (c *Client) Get(url string) (*Resp, error) { return &Resp{}, nil }
"""


def typed_tree(root, module: str):
    """A module `module` with packages p and fetch, requiring example.com/dep (a directory
    beside it) by a replace."""
    from test_gotypes import module as make_module
    dep = make_module(root / "dep", {"client/client.go": TYPED_CLIENT}, name="example.com/dep")
    main = make_module(root / "m", {"p/p.go": TYPED_USER.replace("{module}", module),
                                    "fetch/fetch.go": TYPED_FETCH}, name=module)
    with open(main / "go.mod", "a") as handle:
        handle.write(f"\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => {dep}\n")
    return main


@pytest.fixture
def typed_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DEFERFIX_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "dbc-cache"))


def _check(*args: str) -> dict[str, tuple[str, str]]:
    """`check` of defer-before-check: {function: (applicability, why)}."""
    import json
    import re
    from click.testing import CliRunner
    from codemod.cli import main
    got = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", "1", "--no-cache",
                                    "--select", "defer-before-check", *args])
    assert got.exit_code in (0, 1), got.output
    findings = json.loads(got.stdout)["findings"]
    path = args[-1]
    lines = open(f"{path}/p/p.go").read().splitlines()
    out = {}
    for f in findings:
        above = [re.match(r"func (?:\([^)]*\) )?(\w+)", lines[i]) for i in range(f["line"] - 1, -1, -1)]
        name = next(m.group(1) for m in above if m)
        out[name] = (f["fix"]["applicability"] if f["fix"] else "none",
                     f["fix"]["reason"] if f["fix"] else "")
    return out


@pytest.mark.go
@pytest.mark.parametrize("module", ["m", "example.com/m"])
def test_the_callee_comes_from_go_types(tmp_path, typed_cache, module):
    """A dotless module path (`m/fetch` is the module's own package, not the standard
    library's), a method on another module's type, a method of this module's type that
    returns a live value with its error, the package's own method of the same name."""
    root = typed_tree(tmp_path, module)
    typed = _check(str(root))
    assert typed["Fetch"][0] == "unsafe" and "fetch.go:12" in typed["Fetch"][1], typed
    assert typed["FetchNil"][0] == "safe", typed          # read in the module's package
    assert typed["OtherModule"][0] == "unsafe", typed
    assert "(*example.com/dep/client.Client).Get is a function of another module " \
           "(example.com/dep/client)" in typed["OtherModule"][1]
    assert typed["ThisModule"][0] == "unsafe" and "fetch.go:29" in typed["ThisModule"][1]
    assert typed["Own"][0] == "safe" and typed["Std"][0] == "safe", typed
    # Without types: what the syntax cannot settle is unsafe, and the why-line says so.
    fallback = _check("--no-types", str(root))
    assert {name: level for name, (level, _) in fallback.items()} == {
        "Fetch": "unsafe", "FetchNil": "unsafe", "OtherModule": "unsafe",
        "ThisModule": "unsafe", "Own": "unsafe", "Std": "safe"}, fallback
    assert all("types were not available" in why for name, (_, why) in fallback.items()
               if name != "Std"), fallback


LOOKALIKE = """package os

import "errors"

type File struct{}

func (f *File) Close() {}

// Open of the module's own package os: a live file with its error.
func Open(name string) (*File, error) {
	return &File{}, errors.New("partial")
}
"""

LOOKALIKE_USER = """package p

import "tools/os"

func Std(name string) error {
	f, err := os.Open(name)
	defer f.Close()
	if err != nil {
		return err
	}
	return nil
}
"""


@pytest.mark.go
def test_a_module_package_named_like_the_standard_one_is_not_its_promise(tmp_path, typed_cache):
    from test_gotypes import module as make_module
    root = make_module(tmp_path / "m", {"os/os.go": LOOKALIKE, "p/p.go": LOOKALIKE_USER},
                       name="tools")
    for flags in ((), ("--no-types",)):
        (level, why), = _check(*flags, str(root)).values()
        assert level == "unsafe", (flags, why)
        assert ("os.go:11" if not flags else "tools/os, not of the standard library") in why


BROKEN = """package p

import "os"

type item struct{}

func (item) Close() {}

type own struct{}

func (own) Get(url string) (*item, error) { return nil, os.ErrInvalid }

func Method(o own, url string) error {
	r, err := o.Get(url)
	defer r.Close()
	if err != nil {
		return err
	}
	return nil
}

var broken int = "not an int"
"""


@pytest.mark.go
def test_a_package_that_does_not_type_check_leaves_a_method_unsafe(tmp_path, typed_cache):
    """By name the package's own Get returns nil with its error, but without types the
    syntax cannot tell which Get `o.Get` calls."""
    from test_gotypes import module as make_module
    root = make_module(tmp_path / "m", {"p/p.go": BROKEN})
    (level, why), = _check(str(root)).values()
    assert level == "unsafe" and "types were not available" in why and "does not type-check" \
        in why, why


# --- `cleanup, err := f(); defer cleanup()` by the syntax alone ---------------------------------

CLEANUP = """
package p

import "errors"

var errFailed = errors.New("failed")

{setup}

func run(name string) error {
    cleanup, err := setup(name)
    defer cleanup()
    if err != nil {
        return err
    }
    return nil
}
"""


@pytest.mark.parametrize("setup, applicability", [
    # nil with its error: a finding, and the move is safe
    ("func setup(name string) (func(), error) { return nil, errFailed }", "safe"),
    # a live cleanup with every error (a literal, a local always set to one, a function
    # of the package): the early defer is correct, no finding
    ("func setup(name string) (func(), error) { return func() {}, errFailed }", None),
    ("func setup(name string) (func(), error) {\n    done := func() {}\n    return done, errFailed\n}",
     None),
    ("func none() {}\nfunc setup(name string) (func(), error) { return none, errFailed }", None),
    # a local that may be nil, a cleanup handed on from a call of a function value, a bare
    # return: may be nil, and may be live
    ("func setup(name string) (func(), error) {\n    var done func()\n    return done, errFailed\n}",
     "unsafe"),
    ("func setup(name string) (done func(), err error) {\n    err = errFailed\n    return\n}",
     "unsafe"),
    ("var setup = func(name string) (func(), error) { return nil, errFailed }", "unsafe"),
])
def test_a_deferred_cleanup_is_a_finding_only_when_it_may_be_nil(setup: str,
                                                                applicability) -> None:
    source = CLEANUP.replace("{setup}", setup).replace("    ", "\t")
    findings, _ = run_rule("defer-before-check", source)
    if applicability is None:
        assert not findings
        return
    (finding,) = findings
    assert "a deferred nil func panics" in finding.message
    assert finding.applicability.value == applicability, finding.fix.reason


NOT_AN_ERROR = """package p

type res struct{}

func (*res) Close() {}

type warning struct{ text string }

// open returns nil with a warning, by its body; but the warning is not an error.
func open(name string) (*res, *warning) {
	if name == "" {
		return nil, &warning{"no name"}
	}
	return &res{}, nil
}

func Warned(name string) {
	r, w := open(name)
	defer r.Close()
	if w != nil {
		return
	}
}

func Named(name string) {
	r, err := open(name)
	defer r.Close()
	if err != nil {
		return
	}
}
"""


@pytest.mark.go
def test_the_checked_companion_is_the_error_by_type(tmp_path, typed_cache):
    """go/types says which result is the error, whatever its name: a *warning named w or err
    is not, so the check may not be of the call's failure; without types only a name that
    reads as an error stands for it."""
    from test_gotypes import module as make_module
    root = make_module(tmp_path / "m", {"p/p.go": NOT_AN_ERROR})
    typed = _check(str(root))
    assert {name: level for name, (level, _) in typed.items()} == {
        "Warned": "unsafe", "Named": "unsafe"}, typed
    assert all("go/types says" in why and "*warning" in why for _, why in typed.values())
    fallback = _check("--no-types", str(root))
    assert fallback["Warned"][0] == "unsafe" and "types were not available" in fallback["Warned"][1]
    assert fallback["Named"][0] == "safe", fallback   # Go's convention, without types


OWN_LOG = """package log

// Fatal of the module's own log package only records: it returns.
func Fatal(format string, v ...any) {}
"""

OWN_LOG_USER = """package p

import (
	"os"

	"example.com/m/log"
)

func Use(name string) {
	f, err := os.Open(name)
	defer f.Close()
	if err != nil {
		log.Fatal("open: %v", err)
	}
}
"""


@pytest.mark.go
@pytest.mark.parametrize("flags", [(), ("--no-types",)])
def test_a_fatal_of_another_package_may_return(tmp_path, typed_cache, flags):
    """`log.Fatal` of the module's own log package is not the standard one (go/types' callee;
    without types, the import's path): the block may fall through, so there is no single
    place to move the defer to."""
    from test_gotypes import module as make_module
    root = make_module(tmp_path / "m", {"log/log.go": OWN_LOG, "p/p.go": OWN_LOG_USER})
    (level, why), = _check(*flags, str(root)).values()
    assert level == "none" and "not the builtin or standard one" in why, why
    assert ("example.com/m/log.Fatal" if not flags else "function of example.com/m/log") in why
