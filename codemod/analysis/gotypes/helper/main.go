// Command gotypes answers deferfix's questions about Go code with go/types.
//
// It loads packages as go vet's unitchecker does: `go list` names every package and its
// files, export data (compiled once into Go's build cache) stands for every dependency, and
// the packages asked about are type-checked from source, from the texts deferfix has (an
// overlay file maps a path to a temporary copy of a text that is not on disk). Questions are
// byte offsets into those texts (token.File.Offset of raw positions: a BOM and //line
// directives change nothing).
//
// Protocol (one process per module and batch): the request is one JSON object on stdin.
// With keys_first, the helper first writes {"keys": {dir: key}} (a digest of everything the
// answers depend on) and reads {"skip": [dir, ...]} back: the packages whose answers the
// caller has cached. Then it writes one response object and exits 0. Exit status 2 means the
// request itself was bad (the message is on stderr).
//
// Only the standard library is used, so that the user's own go builds it with no network.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// protocolVersion changes whenever a request or an answer changes shape or meaning.
const protocolVersion = 2

// --- request and response ---------------------------------------------------------------

type request struct {
	Protocol  int          `json:"protocol"`
	Dir       string       `json:"dir"`
	Overlay   string       `json:"overlay,omitempty"`
	Jobs      int          `json:"jobs,omitempty"`
	KeysFirst bool         `json:"keys_first,omitempty"`
	Bodies    string       `json:"bodies,omitempty"` // "all": check every function body
	Packages  []pkgRequest `json:"packages"`
}

type pkgRequest struct {
	Dir   string        `json:"dir"`
	Files []fileRequest `json:"files"`
}

type fileRequest struct {
	Path      string     `json:"path"`
	SHA256    string     `json:"sha256,omitempty"`
	Questions []question `json:"questions"`
}

type question struct {
	ID    int    `json:"id"`
	Kind  string `json:"kind"` // ident, expr, call, methods
	Start int    `json:"start"`
	End   int    `json:"end,omitempty"`
}

type response struct {
	Protocol int                `json:"protocol"`
	Go       string             `json:"go"`
	Packages []*pkgResponse     `json:"packages"`
	Timings  map[string]float64 `json:"timings"`
}

type pkgResponse struct {
	Dir        string          `json:"dir"`
	ImportPath string          `json:"import_path,omitempty"`
	Status     string          `json:"status"` // ok, unavailable, skipped
	Reason     string          `json:"reason,omitempty"`
	Key        string          `json:"key,omitempty"`
	Watch      []string        `json:"watch,omitempty"` // the directories whose files the key hashes
	Files      []*fileResponse `json:"files"`
}

type fileResponse struct {
	Path    string   `json:"path"`
	Status  string   `json:"status"` // ok, type_errors, excluded, unavailable
	Reason  string   `json:"reason,omitempty"`
	Variant string   `json:"variant,omitempty"` // plain, test, xtest: which package checked it
	SHA256  string   `json:"sha256,omitempty"`
	Errors  []string `json:"errors,omitempty"`
	Answers []answer `json:"answers,omitempty"`
}

type answer map[string]any

// --- go list ------------------------------------------------------------------------------

type listedModule struct {
	Path      string        `json:"Path"`
	Version   string        `json:"Version"`
	Dir       string        `json:"Dir"`
	GoVersion string        `json:"GoVersion"`
	Main      bool          `json:"Main"`
	Replace   *listedModule `json:"Replace"`
}

type listedError struct {
	Err string `json:"Err"`
}

type listedPackage struct {
	ImportPath      string            `json:"ImportPath"`
	Name            string            `json:"Name"`
	Dir             string            `json:"Dir"`
	ForTest         string            `json:"ForTest"`
	Standard        bool              `json:"Standard"`
	Module          *listedModule     `json:"Module"`
	GoFiles         []string          `json:"GoFiles"`
	CgoFiles        []string          `json:"CgoFiles"`
	TestGoFiles     []string          `json:"TestGoFiles"`
	XTestGoFiles    []string          `json:"XTestGoFiles"`
	IgnoredGoFiles  []string          `json:"IgnoredGoFiles"`
	InvalidGoFiles  []string          `json:"InvalidGoFiles"`
	CompiledGoFiles []string          `json:"CompiledGoFiles"`
	Imports         []string          `json:"Imports"`
	ImportMap       map[string]string `json:"ImportMap"`
	Deps            []string          `json:"Deps"`
	Export          string            `json:"Export"`
	Error           *listedError      `json:"Error"`
	DepsErrors      []*listedError    `json:"DepsErrors"`
}

const listFields = "ImportPath,Name,Dir,ForTest,Standard,Module,GoFiles,CgoFiles,TestGoFiles," +
	"XTestGoFiles,IgnoredGoFiles,InvalidGoFiles,Imports,ImportMap,Deps,Error,DepsErrors"

func goList(dir, overlay string, args ...string) ([]*listedPackage, error) {
	full := []string{"list", "-e"}
	if overlay != "" {
		full = append(full, "-overlay="+overlay)
	}
	full = append(full, args...)
	cmd := exec.Command("go", full...)
	cmd.Dir = dir
	dieWithHelper(cmd)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(firstLines(msg, 3))
	}
	var listed []*listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list printed something that is not JSON: %v", err)
		}
		listed = append(listed, p)
	}
	return listed, nil
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}

// --- texts ----------------------------------------------------------------------------------

// texts reads each file once, through the overlay when it names the file.
type texts struct {
	overlay map[string]string
	mu      sync.Mutex
	cache   map[string]*text
}

type text struct {
	data []byte
	sum  string
	err  error
}

func (t *texts) read(path string) *text {
	t.mu.Lock()
	if got, ok := t.cache[path]; ok {
		t.mu.Unlock()
		return got
	}
	t.mu.Unlock()
	source := path
	if replacement, ok := t.overlay[path]; ok {
		source = replacement
	}
	data, err := os.ReadFile(source)
	got := &text{data: data, err: err}
	if err == nil {
		digest := sha256.Sum256(data)
		got.sum = hex.EncodeToString(digest[:])
	}
	t.mu.Lock()
	t.cache[path] = got
	t.mu.Unlock()
	return got
}

func readOverlay(path string) (map[string]string, error) {
	replace := map[string]string{}
	if path == "" {
		return replace, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var overlay struct{ Replace map[string]string }
	if err := json.Unmarshal(data, &overlay); err != nil {
		return nil, fmt.Errorf("overlay %s: %v", path, err)
	}
	for k, v := range overlay.Replace {
		replace[filepath.Clean(k)] = v
	}
	return replace, nil
}

// --- planning -------------------------------------------------------------------------------

// A unit is one package variant type-checked from source: the package itself (plain), the
// package with its in-package tests ("x [x.test]", test), the external test package
// ("x_test [x.test]", xtest), or a package the external tests import that go recompiles
// against the test variant ("y [x.test]", dep). Every unit of one plan shares one importer,
// so that each package (from export data or checked here) exists once and its types are
// identical wherever they are seen.
type unit struct {
	variant string
	listed  *listedPackage
	files   []string // absolute paths (cgo's generated files included)
	// bodies: type-check function bodies. Without, only the declarations are checked (a
	// package that only stands for an import). With, the bodies holding no question are
	// still skipped unless the request asks for all: they cannot change any answer.
	bodies  bool
	keep    map[string][]question // per file: the questions whose enclosing bodies are checked
	cgo     map[string]bool       // the files that use cgo (their text is cgo's rewrite)
	failure string                // "status: reason" when the unit could not be checked

	pkg      *types.Package
	info     *types.Info
	parsed   map[string]*ast.File
	tfiles   map[*token.File]string
	errors   []string
	stripped bool
	roles    map[*types.Var]string
}

type plan struct {
	req    *pkgRequest
	resp   *pkgResponse
	plain  *listedPackage
	byFile map[string]*unit // requested path -> the unit that answers it
	units  []*unit          // in checking order: a unit after the units it imports
	// every listed variant of this package (for keys)
	variants []*listedPackage
	inProc   map[string]*unit // listed ID -> the unit standing for that import
	allBody  bool
	byID     map[string]*listedPackage // every listed package (for a callee's origin)
}

func contains(list []string, name string) bool {
	for _, x := range list {
		if x == name {
			return true
		}
	}
	return false
}

func realDir(dir string) string {
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		return resolved
	}
	return filepath.Clean(dir)
}

func absFiles(dir string, lists ...[]string) []string {
	var out []string
	for _, list := range lists {
		for _, name := range list {
			out = append(out, filepath.Join(dir, name))
		}
	}
	return out
}

func failed(status, reason string) *unit { return &unit{failure: status + ": " + reason} }

func makePlans(req *request, listed []*listedPackage) []*plan {
	byDir := map[string][]*listedPackage{}
	byID := map[string]*listedPackage{}
	for _, p := range listed {
		byID[p.ImportPath] = p
		if p.Dir != "" && p.ForTest == "" && !strings.HasSuffix(p.ImportPath, ".test") {
			d := realDir(p.Dir)
			byDir[d] = append(byDir[d], p)
		}
	}
	var plans []*plan
	for i := range req.Packages {
		pr := &req.Packages[i]
		pl := &plan{req: pr, byFile: map[string]*unit{}, inProc: map[string]*unit{},
			resp: &pkgResponse{Dir: pr.Dir, Status: "ok"}, allBody: req.Bodies == "all", byID: byID}
		plans = append(plans, pl)
		candidates := byDir[realDir(pr.Dir)]
		if len(candidates) == 0 {
			pl.resp.Status = "unavailable"
			pl.resp.Reason = "go list found no package in this directory"
			continue
		}
		plain := candidates[0]
		pl.plain = plain
		pl.resp.ImportPath = plain.ImportPath
		planPackage(pl, plain, listed, byID)
	}
	return plans
}

func planPackage(pl *plan, plain *listedPackage, listed []*listedPackage, byID map[string]*listedPackage) {
	test := byID[plain.ImportPath+" ["+plain.ImportPath+".test]"]
	xtest := byID[plain.ImportPath+"_test ["+plain.ImportPath+".test]"]
	pl.variants = []*listedPackage{plain}
	for _, p := range listed {
		if p.ForTest == plain.ImportPath {
			pl.variants = append(pl.variants, p)
		}
	}
	questions := map[string][]question{}
	var plainFiles, testFiles, xtestFiles []string
	for _, f := range pl.req.Files {
		name := filepath.Base(f.Path)
		questions[f.Path] = f.Questions
		switch {
		case realDir(filepath.Dir(f.Path)) != realDir(plain.Dir):
			pl.byFile[f.Path] = failed("unavailable", "not in the package's directory")
		case contains(plain.CgoFiles, name):
			pl.byFile[f.Path] = failed("unavailable", "the file uses cgo: go/types sees cgo's rewrite of it, "+
				"whose byte offsets are not the file's")
		case contains(plain.GoFiles, name):
			plainFiles = append(plainFiles, f.Path)
		case contains(plain.TestGoFiles, name):
			testFiles = append(testFiles, f.Path)
		case contains(plain.XTestGoFiles, name):
			xtestFiles = append(xtestFiles, f.Path)
		case contains(plain.IgnoredGoFiles, name):
			pl.byFile[f.Path] = failed("excluded", "build constraints exclude the file on "+
				target("GOOS", runtime.GOOS)+"/"+target("GOARCH", runtime.GOARCH)+buildEnvNote())
		case contains(plain.InvalidGoFiles, name):
			reason := "go list counts the file as invalid"
			if plain.Error != nil {
				reason = plain.Error.Err
			}
			pl.byFile[f.Path] = failed("unavailable", reason)
		default:
			reason := "go list does not count the file as part of " + plain.ImportPath
			if plain.Error != nil {
				reason = plain.Error.Err
			}
			pl.byFile[f.Path] = failed("unavailable", reason)
		}
	}
	if len(testFiles) > 0 && test == nil || len(xtestFiles) > 0 && xtest == nil {
		for _, f := range append(testFiles, xtestFiles...) {
			pl.byFile[f] = failed("unavailable", "go list gave no test variant of "+plain.ImportPath)
		}
		testFiles, xtestFiles = nil, nil
	}
	newUnit := func(variant string, p *listedPackage, files []string) *unit {
		u := &unit{variant: variant, listed: p, keep: map[string][]question{}, cgo: map[string]bool{}}
		u.files = absFiles(p.Dir, p.GoFiles, p.CgoFiles)
		if variant == "xtest" {
			u.files = absFiles(p.Dir, p.GoFiles)
		}
		for _, name := range p.CgoFiles {
			u.cgo[filepath.Join(p.Dir, name)] = true
		}
		for _, f := range files {
			u.bodies = true
			u.keep[f] = questions[f]
			pl.byFile[f] = u
		}
		return u
	}
	var testUnit, plainUnit, xtestUnit *unit
	if len(testFiles) > 0 || len(xtestFiles) > 0 && test != nil {
		testUnit = newUnit("test", test, testFiles)
		pl.inProc[test.ImportPath] = testUnit
	}
	if len(plainFiles) > 0 || len(xtestFiles) > 0 && test == nil && !importedBesides(xtest, plain, byID) {
		plainUnit = newUnit("plain", plain, plainFiles)
		if len(xtestFiles) > 0 && test == nil && !importedBesides(xtest, plain, byID) {
			pl.inProc[plain.ImportPath] = plainUnit
		}
	}
	if len(xtestFiles) > 0 {
		xtestUnit = newUnit("xtest", xtest, xtestFiles)
	}
	// The packages the external tests import that go recompiles against the test variant:
	// declarations only, dependencies first.
	var deps []*unit
	if xtestUnit != nil {
		seen := map[string]bool{}
		var visit func(p *listedPackage)
		visit = func(p *listedPackage) {
			for _, id := range p.Imports {
				d := byID[id]
				if seen[id] || d == nil || d.ForTest != plain.ImportPath || d == test || d == plain {
					continue
				}
				seen[id] = true
				visit(d)
				u := newUnit("dep", d, nil)
				pl.inProc[id] = u
				deps = append(deps, u)
			}
		}
		visit(xtest)
	}
	// The test variant imports none of the recompiled packages; they import it.
	for _, u := range append(append([]*unit{testUnit, plainUnit}, deps...), xtestUnit) {
		if u != nil {
			pl.units = append(pl.units, u)
		}
	}
}

// importedBesides says whether the external tests reach the package through another import
// too. Without in-package tests go recompiles nothing, so that import's export data holds the
// package: the external tests must see that copy too (export data), or two copies of the
// package's types would not be identical.
func importedBesides(xtest, plain *listedPackage, byID map[string]*listedPackage) bool {
	if xtest == nil {
		return false
	}
	for _, id := range xtest.Imports {
		if d := byID[id]; d != nil && d != plain && contains(d.Deps, plain.ImportPath) {
			return true
		}
	}
	return false
}

func buildEnvNote() string {
	var parts []string
	for _, name := range []string{"CGO_ENABLED", "GOFLAGS"} {
		if v := os.Getenv(name); v != "" {
			parts = append(parts, name+"="+v)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, " ") + ")"
}

// --- keys -----------------------------------------------------------------------------------

// packageKey digests everything the answers for one package depend on: its files (through
// the overlay), the language version, the build environment, and each dependency: a
// versioned module from the module cache by path and version, the standard library by Go
// version (unless it is the module being checked), anything else (a directory of the main
// module, a vendored copy, a replacement by a directory) by the contents of its files.
// It also returns the directories whose files it hashed (the package's own among them), so
// that a caller can tell from their files' stamps that nothing the key covers has changed.
func packageKey(pl *plan, byID map[string]*listedPackage, tx *texts, checkingStd bool, mainRoot string) (string, []string) {
	h := sha256.New()
	fmt.Fprintf(h, "gotypes %d %s %s/%s\n", protocolVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	for _, name := range []string{"GOOS", "GOARCH", "CGO_ENABLED", "GOFLAGS", "GOEXPERIMENT", "GOAMD64", "GOARM", "GO386"} {
		fmt.Fprintf(h, "%s=%s\n", name, os.Getenv(name))
	}
	watch := map[string]bool{}
	deps := map[string]bool{}
	for _, v := range pl.variants {
		hashPackage(h, v, tx, true)
		watch[v.Dir] = true
		for _, d := range v.Deps {
			deps[d] = true
		}
	}
	ids := make([]string, 0, len(deps))
	for d := range deps {
		ids = append(ids, d)
	}
	sort.Strings(ids)
	inMain := func(dir string) bool {
		return mainRoot != "" && (dir == mainRoot || strings.HasPrefix(dir, mainRoot+string(filepath.Separator)))
	}
	for _, id := range ids {
		d := byID[id]
		switch {
		case d == nil:
			fmt.Fprintf(h, "dep %s ?\n", id)
		case d.Standard && !checkingStd:
			fmt.Fprintf(h, "dep %s std\n", id)
		case d.Module != nil && d.Module.Replace == nil && d.Module.Version != "" && !inMain(d.Dir):
			fmt.Fprintf(h, "dep %s %s@%s\n", id, d.Module.Path, d.Module.Version)
		case d.Module != nil && d.Module.Replace != nil && d.Module.Replace.Version != "" && !inMain(d.Dir):
			fmt.Fprintf(h, "dep %s %s@%s\n", id, d.Module.Replace.Path, d.Module.Replace.Version)
		default:
			fmt.Fprintf(h, "dep %s files\n", id)
			hashPackage(h, d, tx, false)
			if d.Dir != "" {
				watch[d.Dir] = true
			}
		}
	}
	dirs := make([]string, 0, len(watch))
	for d := range watch {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	return hex.EncodeToString(h.Sum(nil)), dirs
}

func hashPackage(h io.Writer, p *listedPackage, tx *texts, own bool) {
	fmt.Fprintf(h, "pkg %s %s\n", p.ImportPath, p.Name)
	if p.Module != nil {
		fmt.Fprintf(h, "go %s\n", p.Module.GoVersion)
	}
	if p.Error != nil {
		fmt.Fprintf(h, "error %s\n", p.Error.Err)
	}
	lists := [][]string{p.GoFiles, p.CgoFiles}
	if own {
		lists = append(lists, p.TestGoFiles, p.XTestGoFiles, p.IgnoredGoFiles, p.InvalidGoFiles)
	}
	for i, list := range lists {
		for _, name := range list {
			t := tx.read(filepath.Join(p.Dir, name))
			fmt.Fprintf(h, "file %d %s %s %v\n", i, name, t.sum, t.err != nil)
		}
	}
	keys := make([]string, 0, len(p.ImportMap))
	for k := range p.ImportMap {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "map %s %s\n", k, p.ImportMap[k])
	}
}

// --- export data and cgo ----------------------------------------------------------------------

// importsOf lists the package IDs a unit needs export data for.
func importsOf(pl *plan, u *unit) []string {
	var ids []string
	imports := u.listed.Imports
	if len(u.cgo) > 0 {
		imports = append([]string{"runtime/cgo", "syscall"}, imports...) // what cgo's rewrite imports
	}
	for _, id := range imports {
		if id == "C" || id == "unsafe" || pl.inProc[id] != nil {
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// prepare runs, at the same time, go list -export for every package the units import
// (export data, compiled once into the build cache) and go list -compiled for the cgo
// packages among the units (cgo's rewrite of their files).
func prepare(dir, overlay string, plans []*plan) (map[string]*listedPackage, error) {
	exportIDs := map[string]bool{}
	cgoPaths, cgoTest := map[string]bool{}, false
	for _, pl := range plans {
		for _, u := range pl.units {
			for _, id := range importsOf(pl, u) {
				exportIDs[id] = true
			}
			if len(u.cgo) > 0 {
				path := u.listed.ImportPath
				if i := strings.Index(path, " ["); i >= 0 {
					path, cgoTest = strings.TrimSuffix(path[i+2:], ".test]"), true
				}
				cgoPaths[path] = true
			}
		}
	}
	var jobs [][]string
	if len(exportIDs) > 0 {
		jobs = append(jobs, append([]string{"-export", "-json=ImportPath,Export,Error"}, sortedKeys(exportIDs)...))
	}
	if len(cgoPaths) > 0 {
		args := []string{"-compiled", "-json=ImportPath,Dir,CompiledGoFiles,Error"}
		if cgoTest {
			args = append(args, "-test", "-deps") // a recompiled "y [x.test]" is listed only with -deps
		}
		jobs = append(jobs, append(args, sortedKeys(cgoPaths)...))
	}
	results := make([][]*listedPackage, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, args := range jobs {
		wg.Add(1)
		go func(i int, args []string) {
			defer wg.Done()
			results[i], errs[i] = goList(dir, overlay, args...)
		}(i, args)
	}
	wg.Wait()
	exported := map[string]*listedPackage{}
	compiled := map[string]*listedPackage{}
	for i, args := range jobs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		for _, p := range results[i] {
			if args[0] == "-export" {
				exported[p.ImportPath] = p
			} else {
				compiled[p.ImportPath] = p
			}
		}
	}
	for _, pl := range plans {
		for _, u := range pl.units {
			if len(u.cgo) == 0 {
				continue
			}
			c := compiled[u.listed.ImportPath]
			if c == nil || len(c.CompiledGoFiles) == 0 {
				why := "go list -compiled gave no files"
				if c != nil && c.Error != nil {
					why = c.Error.Err
				}
				u.failure = "unavailable: cgo could not process " + u.listed.ImportPath + ": " + why
				continue
			}
			u.files = nil
			for _, name := range c.CompiledGoFiles {
				if !filepath.IsAbs(name) {
					name = filepath.Join(c.Dir, name)
				}
				u.files = append(u.files, name)
			}
		}
	}
	return exported, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// importState is one gc importer (one copy of each package from export data) and the unit
// it currently imports for (whose ImportMap resolves a path). A worker keeps one for the
// plans that need nothing from another plan's units, so each export file is decoded once per
// worker; a plan with external tests gets its own.
type importState struct {
	cur *unit
	gc  types.Importer
}

func (st *importState) resolve(path string) string {
	if mapped, ok := st.cur.listed.ImportMap[path]; ok {
		return mapped
	}
	return path
}

func newImportState(fset *token.FileSet, exported map[string]*listedPackage) *importState {
	st := &importState{}
	st.gc = importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		id := st.resolve(path)
		p := exported[id]
		if p == nil || p.Export == "" {
			why := "go list gave no export data"
			if p != nil && p.Error != nil {
				why = p.Error.Err
			}
			return nil, fmt.Errorf("%s: %s", id, why)
		}
		return os.Open(p.Export)
	})
	return st
}

// planImporter serves one plan's imports: a unit of the plan where one stands for the
// import, export data otherwise.
type planImporter struct {
	st     *importState
	inProc map[string]*unit
}

func (pi *planImporter) Import(path string) (*types.Package, error) {
	if u := pi.inProc[pi.st.resolve(path)]; u != nil {
		if u.pkg == nil || u.failure != "" || len(u.errors) > 0 {
			why := u.failure
			if len(u.errors) > 0 {
				why = u.errors[0]
			}
			return nil, fmt.Errorf("%s does not type-check: %s", u.listed.ImportPath, why)
		}
		return u.pkg, nil
	}
	return pi.st.gc.Import(path)
}

// --- checking -------------------------------------------------------------------------------

var sizes = types.SizesFor("gc", target("GOARCH", runtime.GOARCH))

// target is the platform go list selected files for: $GOOS/$GOARCH, else this machine's.
func target(name, host string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return host
}

func goVersionOf(p *listedPackage) string {
	if p.Module != nil && p.Module.GoVersion != "" {
		return "go" + p.Module.GoVersion
	}
	if p.Module != nil {
		return "go1.16" // a go.mod without a go line
	}
	return "" // the standard library, GOPATH: the toolchain's own version
}

type timings struct {
	mu    sync.Mutex
	parse time.Duration
	check time.Duration
	ask   time.Duration
}

func (t *timings) add(d *time.Duration, v time.Duration) {
	t.mu.Lock()
	*d += v
	t.mu.Unlock()
}

func parseUnit(u *unit, fset *token.FileSet, tx *texts) []*ast.File {
	u.parsed = map[string]*ast.File{}
	u.tfiles = map[*token.File]string{}
	var files []*ast.File
	for _, path := range u.files {
		var f *ast.File
		var err error
		if u.variant == "dep" {
			u.stripped = true
			f, err = decls.get(path, fset, tx)
		} else {
			t := tx.read(path)
			if t.err != nil {
				u.failure = "unavailable: cannot read " + path + ": " + t.err.Error()
				return nil
			}
			f, err = parser.ParseFile(fset, path, t.data, parser.SkipObjectResolution)
		}
		if err != nil && f == nil {
			u.failure = "unavailable: cannot read " + path + ": " + err.Error()
			return nil
		}
		if err != nil {
			u.errors = append(u.errors, firstLines(err.Error(), 1))
		}
		if f == nil {
			continue
		}
		files = append(files, f)
		u.parsed[path] = f
		u.tfiles[fset.File(f.Package)] = path
	}
	return files
}

// stripBodies drops the bodies of the functions that hold no question (all of them for a
// declarations-only unit). Function bodies are independent of one another in go/types, so
// the answers inside the bodies kept are the ones a full check gives.
func stripBodies(u *unit, fset *token.FileSet, allBodies bool) {
	if u.bodies && allBodies {
		return
	}
	for path, f := range u.parsed {
		if u.variant != "dep" && stripFile(f, fset.File(f.Package), u.keep[path]) {
			u.stripped = true
		}
	}
}

// stripFile drops the bodies of f's functions that hold none of the questions. Generic
// functions keep theirs, and so does init (go/types wants a body there).
func stripFile(f *ast.File, tf *token.File, qs []question) bool {
	stripped := false
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil || fn.Type.TypeParams != nil ||
			fn.Recv != nil && hasTypeParams(fn.Recv) || fn.Recv == nil && fn.Name.Name == "init" {
			continue
		}
		start, end := tf.Offset(fn.Body.Lbrace), tf.Offset(fn.Body.End())
		asked := false
		for _, q := range qs {
			if q.Start >= start && q.Start <= end {
				asked = true
				break
			}
		}
		if !asked {
			fn.Body = nil
			stripped = true
		}
	}
	return stripped
}

// declFiles parses each file of a declarations-only unit once per run: the external tests
// of many packages import the same recompiled packages (testing, fmt, …), and their
// stripped syntax trees are only read after that.
type declFiles struct {
	mu    sync.Mutex
	files map[string]*declFile
}

type declFile struct {
	once sync.Once
	f    *ast.File
	err  error
}

func (d *declFiles) get(path string, fset *token.FileSet, tx *texts) (*ast.File, error) {
	d.mu.Lock()
	df := d.files[path]
	if df == nil {
		df = &declFile{}
		d.files[path] = df
	}
	d.mu.Unlock()
	df.once.Do(func() {
		t := tx.read(path)
		if t.err != nil {
			df.err = t.err
			return
		}
		df.f, df.err = parser.ParseFile(fset, path, t.data, parser.SkipObjectResolution)
		if df.f != nil {
			stripFile(df.f, fset.File(df.f.Package), nil)
		}
	})
	return df.f, df.err
}

var decls = &declFiles{files: map[string]*declFile{}}

// hasTypeParams says whether a receiver names type parameters (a method of a generic type).
func hasTypeParams(recv *ast.FieldList) bool {
	if len(recv.List) == 0 {
		return false
	}
	t := recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	switch ast.Unparen(t).(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

func checkUnit(u *unit, files []*ast.File, pi *planImporter, fset *token.FileSet, tm *timings) {
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			u.failure = fmt.Sprintf("unavailable: go/types failed on the package: %v", r)
		}
		tm.add(&tm.check, time.Since(start))
	}()
	pi.st.cur = u
	conf := types.Config{
		Importer:  pi,
		GoVersion: goVersionOf(u.listed),
		Sizes:     sizes,
		Error: func(err error) {
			var terr types.Error
			if errors.As(err, &terr) && terr.Soft && u.stripped && unusedImport(terr.Msg) {
				return // the import is used in a body that was not checked
			}
			if len(u.errors) < 20 {
				u.errors = append(u.errors, err.Error())
			} else if len(u.errors) == 20 {
				u.errors = append(u.errors, "…")
			}
		},
	}
	u.info = &types.Info{}
	if u.bodies {
		u.info = &types.Info{
			Types:      map[ast.Expr]types.TypeAndValue{},
			Defs:       map[*ast.Ident]types.Object{},
			Uses:       map[*ast.Ident]types.Object{},
			Implicits:  map[ast.Node]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{},
		}
	}
	path := u.listed.ImportPath
	if i := strings.Index(path, " ["); i >= 0 {
		path = path[:i]
	}
	u.pkg, _ = conf.Check(path, fset, files, u.info)
}

// unusedImport says whether a message is go/types' `"fmt" imported and not used` (or
// `imported as x and not used`).
func unusedImport(msg string) bool {
	return strings.HasPrefix(msg, `"`) && strings.Contains(msg, `" imported `) &&
		strings.HasSuffix(msg, " not used")
}

// addsMethods says whether the in-package test files declare methods: then they may add
// methods to the package's own types, and the plain package must be checked on its own.
func addsMethods(test *unit, plain *listedPackage) bool {
	for _, name := range plain.TestGoFiles {
		f := test.parsed[filepath.Join(test.listed.Dir, name)]
		if f == nil {
			return true
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv != nil {
				return true
			}
		}
	}
	return false
}

func checkPlan(pl *plan, fset *token.FileSet, tx *texts, exported map[string]*listedPackage, tm *timings,
	shared *importState) {
	start := time.Now()
	parsed := map[*unit][]*ast.File{}
	var test *unit
	var units []*unit
	for _, u := range pl.units {
		if u.failure != "" {
			continue
		}
		parsed[u] = parseUnit(u, fset, tx)
		if u.variant == "test" {
			test = u
		}
		if u.variant == "plain" && test != nil && test.failure == "" && len(test.errors) == 0 &&
			u.failure == "" && pl.inProc[u.listed.ImportPath] == nil && !addsMethods(test, pl.plain) {
			// The in-package tests add no methods: the test variant answers for the
			// package's own files too (its declarations are the same).
			for path, owner := range pl.byFile {
				if owner == u {
					pl.byFile[path] = test
					test.keep[path] = u.keep[path]
				}
			}
			continue
		}
		units = append(units, u)
	}
	for _, u := range units {
		stripBodies(u, fset, pl.allBody)
	}
	tm.add(&tm.parse, time.Since(start))
	pi := &planImporter{st: shared, inProc: pl.inProc}
	for _, u := range units {
		if u.variant == "xtest" {
			pi.st = newImportState(fset, exported)
		}
	}
	for _, u := range units {
		if u.failure == "" {
			checkUnit(u, parsed[u], pi, fset, tm)
		}
	}
	start = time.Now()
	for i := range pl.req.Files {
		pl.resp.Files = append(pl.resp.Files, answerFile(pl, &pl.req.Files[i], tx))
	}
	tm.add(&tm.ask, time.Since(start))
}

func answerFile(pl *plan, fr *fileRequest, tx *texts) *fileResponse {
	resp := &fileResponse{Path: fr.Path}
	u := pl.byFile[fr.Path]
	switch {
	case pl.resp.Status != "ok":
		resp.Status, resp.Reason = "unavailable", pl.resp.Reason
		return resp
	case u == nil:
		resp.Status, resp.Reason = "unavailable", "the file was not asked about"
		return resp
	case u.failure != "":
		status, reason, _ := strings.Cut(u.failure, ": ")
		resp.Status, resp.Reason = status, reason
		return resp
	}
	resp.Variant = u.variant
	t := tx.read(fr.Path)
	resp.SHA256 = t.sum
	if fr.SHA256 != "" && fr.SHA256 != t.sum {
		resp.Status = "unavailable"
		resp.Reason = "the file changed: the text go/types read is not the one deferfix has"
		return resp
	}
	if len(u.errors) > 0 {
		resp.Status = "type_errors"
		resp.Reason = "the package " + u.listed.ImportPath + " does not type-check: " + u.errors[0]
		resp.Errors = u.errors
		return resp
	}
	f := u.parsed[fr.Path]
	if f == nil {
		resp.Status, resp.Reason = "unavailable", "the file was not parsed"
		return resp
	}
	resp.Status = "ok"
	a := &asker{u: u, file: f, tf: fileOf(u, f), byID: pl.byID}
	resp.Answers = []answer{}
	for _, q := range fr.Questions {
		resp.Answers = append(resp.Answers, a.answer(q))
	}
	return resp
}

func fileOf(u *unit, f *ast.File) *token.File {
	for tf, path := range u.tfiles {
		if u.parsed[path] == f {
			return tf
		}
	}
	return nil
}

// --- answers --------------------------------------------------------------------------------

type asker struct {
	u      *unit
	byID   map[string]*listedPackage
	file   *ast.File
	tf     *token.File
	idents map[int]*ast.Ident
}

func none(q question, reason string) answer {
	return answer{"id": q.ID, "status": "none", "reason": reason}
}

func (a *asker) offset(p token.Pos) int {
	if !p.IsValid() || a.tf == nil || int(p) < a.tf.Base() || int(p) > a.tf.Base()+a.tf.Size() {
		return -1
	}
	return a.tf.Offset(p)
}

func (a *asker) answer(q question) answer {
	if a.tf == nil || q.Start < 0 || q.Start > a.tf.Size() || q.End < 0 || q.End > a.tf.Size() {
		return none(q, "the position is outside the file")
	}
	switch q.Kind {
	case "ident":
		return a.ident(q)
	case "expr", "methods":
		e := a.findExpr(q.Start, q.End, false)
		if e == nil {
			return none(q, "no expression spans these bytes")
		}
		tv, ok := a.u.info.Types[e]
		if !ok {
			if id, isIdent := e.(*ast.Ident); isIdent {
				return a.identAnswer(q, id)
			}
			return none(q, "go/types recorded no type for the expression")
		}
		ans := answer{"id": q.ID, "status": "ok", "mode": modeOf(tv), "type": a.typeInfo(tv.Type),
			"addressable": tv.Addressable()}
		if tv.Value != nil {
			ans["value"] = shortValue(tv.Value)
		}
		if q.Kind == "methods" {
			ans["methods"] = methodInfo(tv.Type, tv.Addressable())
		}
		return ans
	case "call":
		e := a.findExpr(q.Start, q.End, true)
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return none(q, "no call spans these bytes")
		}
		return a.call(q, call)
	}
	return none(q, "unknown question kind "+q.Kind)
}

// findExpr returns the innermost expression whose bytes are exactly [start, end) (with
// end 0: whose first byte is start, outermost first).
func (a *asker) findExpr(start, end int, callOnly bool) ast.Expr {
	var found ast.Expr
	ast.Inspect(a.file, func(n ast.Node) bool {
		if n == nil || found != nil && end == 0 {
			return false
		}
		s, e := a.offset(n.Pos()), a.offset(n.End())
		if s < 0 || e < 0 || s > start || e < end || (end == 0 && e <= start) {
			return false
		}
		if x, ok := n.(ast.Expr); ok && s == start && (e == end || end == 0) {
			if _, isCall := x.(*ast.CallExpr); isCall || !callOnly {
				found = x
			}
		}
		return true
	})
	return found
}

func (a *asker) ident(q question) answer {
	if a.idents == nil {
		a.idents = map[int]*ast.Ident{}
		ast.Inspect(a.file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				a.idents[a.offset(id.Pos())] = id
			}
			return true
		})
	}
	id := a.idents[q.Start]
	if id == nil {
		return none(q, "no identifier starts at this byte")
	}
	return a.identAnswer(q, id)
}

func (a *asker) identAnswer(q question, id *ast.Ident) answer {
	info := a.u.info
	obj, isDef := info.Defs[id]
	if !isDef {
		obj = info.Uses[id]
	}
	if obj == nil {
		if isDef && id.Name != "_" && id != a.file.Name {
			// the symbolic variable of a type switch: each clause has its own (Implicits)
			return answer{"id": q.ID, "status": "ok", "name": id.Name, "object": "var", "def": true,
				"type_switch": true, "package_level": false, "universe": false}
		}
		return none(q, "the identifier denotes no object")
	}
	ans := answer{"id": q.ID, "status": "ok", "name": obj.Name(), "def": isDef,
		"universe": obj.Pkg() == nil || obj.Parent() == types.Universe}
	if obj.Pkg() != nil {
		ans["pkg"] = obj.Pkg().Path()
	}
	ans["package_level"] = obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope()
	if decl := a.declOf(obj); decl != nil {
		ans["decl"] = decl
	}
	switch o := obj.(type) {
	case *types.Builtin:
		ans["object"] = "builtin"
	case *types.PkgName:
		ans["object"] = "pkgname"
		ans["imported"] = o.Imported().Path()
	case *types.Func:
		sig, _ := o.Type().(*types.Signature)
		if sig != nil && sig.Recv() != nil {
			ans["object"] = "method"
			ans["pointer_receiver"] = isPointer(sig.Recv().Type())
		} else {
			ans["object"] = "func"
		}
		ans["qualified"] = o.Origin().FullName()
		ans["type"] = a.typeInfo(o.Type())
	case *types.Var:
		if o.IsField() {
			ans["object"] = "field"
			ans["embedded"] = o.Embedded()
		} else {
			ans["object"] = "var"
			if role := a.roleOf(o); role != "" {
				ans["role"] = role
			}
		}
		ans["type"] = a.typeInfo(o.Type())
	case *types.Const:
		ans["object"] = "const"
		ans["type"] = a.typeInfo(o.Type())
		ans["value"] = shortValue(o.Val())
	case *types.TypeName:
		ans["object"] = "type"
		ans["alias"] = o.IsAlias()
		ans["type"] = a.typeInfo(o.Type())
	case *types.Label:
		ans["object"] = "label"
	case *types.Nil:
		ans["object"] = "nil"
	default:
		ans["object"] = "unknown"
	}
	return ans
}

// declOf says where an object is declared: a file of this package with its byte offset, or
// for an object from export data, the file and line go recorded.
func (a *asker) declOf(obj types.Object) map[string]any {
	pos := obj.Pos()
	if !pos.IsValid() {
		return nil
	}
	fset := fsetOf
	tf := fset.File(pos)
	if tf == nil {
		return nil
	}
	if path, ours := a.u.tfiles[tf]; ours {
		return map[string]any{"file": path, "offset": tf.Offset(pos)}
	}
	p := fset.PositionFor(pos, false)
	return map[string]any{"file": p.Filename, "line": p.Line}
}

// roleOf says whether a variable is a parameter, a result or a receiver of a function of
// this unit ("" for other variables).
func (a *asker) roleOf(v *types.Var) string {
	u := a.u
	if u.roles == nil {
		u.roles = map[*types.Var]string{}
		mark := func(fields *ast.FieldList, role string) {
			if fields == nil {
				return
			}
			for _, field := range fields.List {
				for _, name := range field.Names {
					if obj, ok := u.info.Defs[name].(*types.Var); ok {
						u.roles[obj] = role
					}
				}
			}
		}
		for _, f := range u.parsed {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					mark(n.Recv, "receiver")
				case *ast.FuncType:
					mark(n.Params, "param")
					mark(n.Results, "result")
				}
				return true
			})
		}
	}
	return u.roles[v]
}

func (a *asker) call(q question, call *ast.CallExpr) answer {
	info := a.u.info
	ans := answer{"id": q.ID, "status": "ok"}
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ast.Unparen(ix.X)
	} else if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ast.Unparen(ix.X)
	}
	ans["results"] = a.resultsOf(info, call)
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		ans["callee_kind"] = "conversion"
		ans["type"] = a.typeInfo(tv.Type)
		return ans
	}
	var obj types.Object
	switch f := fun.(type) {
	case *ast.Ident:
		obj = info.Uses[f]
	case *ast.SelectorExpr:
		obj = info.Uses[f.Sel]
		if sel := info.Selections[f]; sel != nil {
			recvTV := info.Types[f.X]
			m, _ := sel.Obj().(*types.Func)
			switch sel.Kind() {
			case types.MethodVal:
				ans["callee_kind"] = "method"
			case types.MethodExpr:
				ans["callee_kind"] = "method_expr"
			case types.FieldVal:
				ans["callee_kind"] = "func_value"
				ans["callee_var"] = sel.Obj().Name()
				ans["type"] = a.typeInfo(sel.Obj().Type())
				return ans
			}
			if m != nil {
				ans["callee"] = m.Origin().FullName()
				if m.Pkg() != nil {
					ans["callee_pkg"] = m.Pkg().Path()
					ans["callee_origin"] = a.originOf(m.Pkg())
				}
				if d := a.declOf(m); d != nil {
					ans["callee_decl"] = d
				}
				sig, _ := m.Type().(*types.Signature)
				recv := map[string]any{"expr_type": a.typeInfo(recvTV.Type), "addressable": recvTV.Addressable(),
					"indirect": sel.Indirect()}
				if sig != nil && sig.Recv() != nil {
					ptr := isPointer(sig.Recv().Type())
					recv["pointer"] = ptr
					recv["interface"] = types.IsInterface(sig.Recv().Type())
					exprPtr := isPointer(recvTV.Type)
					recv["implicit_address"] = ptr && !exprPtr && sel.Kind() == types.MethodVal
					recv["implicit_deref"] = !ptr && exprPtr && sel.Kind() == types.MethodVal
				}
				ans["receiver"] = recv
			}
			return ans
		}
	case *ast.FuncLit:
		ans["callee_kind"] = "func_literal"
		return ans
	}
	switch o := obj.(type) {
	case *types.Builtin:
		ans["callee_kind"] = "builtin"
		if o.Pkg() != nil {
			ans["callee"] = o.Pkg().Path() + "." + o.Name()
		} else {
			ans["callee"] = o.Name()
		}
	case *types.Func:
		ans["callee_kind"] = "func"
		ans["callee"] = o.Origin().FullName()
		if o.Pkg() != nil {
			ans["callee_pkg"] = o.Pkg().Path()
			ans["callee_origin"] = a.originOf(o.Pkg())
		}
		if d := a.declOf(o); d != nil {
			ans["callee_decl"] = d
		}
	case *types.Var:
		ans["callee_kind"] = "func_value"
		ans["callee_var"] = o.Name()
		if d := a.declOf(o); d != nil {
			ans["callee_decl"] = d
		}
	default:
		ans["callee_kind"] = "func_value" // a call of a func-typed expression
	}
	return ans
}

// originOf says where a callee's package is, as go list sees it: "package" (the package
// being checked), "std" (the standard library: go list's Standard flag, a package of
// GOROOT), "module" (another package of the asking package's module), "other" (another
// module, or GOPATH), or "" when go list did not list it.
func (a *asker) originOf(pkg *types.Package) string {
	path := pkg.Path()
	if a.u.pkg != nil && path == a.u.pkg.Path() {
		return "package"
	}
	listed := a.byID[path]
	if listed == nil {
		return ""
	}
	if listed.Standard {
		return "std"
	}
	own := a.u.listed.Module
	if own != nil && listed.Module != nil && own.Path == listed.Module.Path {
		return "module"
	}
	return "other"
}

func (a *asker) resultsOf(info *types.Info, call *ast.CallExpr) []*typeDesc {
	out := []*typeDesc{}
	tv, ok := info.Types[call]
	if !ok || tv.IsVoid() || tv.Type == nil {
		return out
	}
	if tuple, ok := tv.Type.(*types.Tuple); ok {
		for i := 0; i < tuple.Len(); i++ {
			out = append(out, a.typeInfo(tuple.At(i).Type()))
		}
		return out
	}
	return append(out, a.typeInfo(tv.Type))
}

func modeOf(tv types.TypeAndValue) string {
	switch {
	case tv.IsVoid():
		return "novalue"
	case tv.IsBuiltin():
		return "builtin"
	case tv.IsType():
		return "type"
	case tv.IsNil():
		return "nil"
	case tv.Value != nil:
		return "constant"
	case tv.Addressable():
		return "variable"
	case tv.HasOk():
		return "commaok"
	}
	return "value"
}

func shortValue(v constant.Value) string {
	s := v.ExactString()
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// --- types ----------------------------------------------------------------------------------

type typeDesc struct {
	Type    string `json:"type"`
	Written string `json:"written"`
	Kind    string `json:"kind"`
	Basic   string `json:"basic,omitempty"`
	Named   string `json:"named,omitempty"`
	Pointee string `json:"pointee,omitempty"`
	Error   bool   `json:"error"`
}

var errorType = types.Universe.Lookup("error").Type()

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Pointer)
	if _, isParam := types.Unalias(t).(*types.TypeParam); isParam {
		return false
	}
	return ok
}

func qualifiedName(t types.Type) string {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	obj := n.Obj()
	if obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// typeInfo describes t; Written is t as this package's source writes it (other packages by
// name, this one's types bare: `*os.File`, `T`).
func (a *asker) typeInfo(t types.Type) *typeDesc {
	d := typeInfo(t)
	if d != nil {
		d.Written = types.TypeString(t, func(p *types.Package) string {
			if p == a.u.pkg {
				return ""
			}
			return p.Name()
		})
	}
	return d
}

func typeInfo(t types.Type) *typeDesc {
	if t == nil {
		return nil
	}
	d := &typeDesc{Type: types.TypeString(t, nil), Kind: kindOf(t), Named: qualifiedName(t),
		Error: types.Identical(t, errorType)}
	if b, ok := types.Unalias(t).Underlying().(*types.Basic); ok {
		d.Basic = b.Name()
	}
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok && d.Kind == "pointer" {
		d.Pointee = qualifiedName(p.Elem())
	}
	return d
}

func kindOf(t types.Type) string {
	switch types.Unalias(t).(type) {
	case *types.TypeParam:
		return "typeparam"
	case *types.Tuple:
		return "tuple"
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Kind() == types.Invalid:
			return "invalid"
		case u.Kind() == types.UntypedNil:
			return "nil"
		case u.Info()&types.IsString != 0:
			return "string"
		}
		return "basic"
	case *types.Slice:
		return "slice"
	case *types.Array:
		return "array"
	case *types.Map:
		return "map"
	case *types.Chan:
		return "chan"
	case *types.Pointer:
		return "pointer"
	case *types.Struct:
		return "struct"
	case *types.Interface:
		return "interface"
	case *types.Signature:
		return "func"
	}
	return "other"
}

var (
	lockerIface = newInterface(method("Lock", nil), method("Unlock", nil))
	closerIface = newInterface(method("Close", errorType))
)

func method(name string, result types.Type) *types.Func {
	var results *types.Tuple
	if result != nil {
		results = types.NewTuple(types.NewVar(token.NoPos, nil, "", result))
	}
	return types.NewFunc(token.NoPos, nil, name, types.NewSignatureType(nil, nil, nil, nil, results, false))
}

func newInterface(methods ...*types.Func) *types.Interface {
	return types.NewInterfaceType(methods, nil).Complete()
}

// methodInfo describes the methods callable on a value of type t: its method set, and the
// pointer's when the value is addressable (Go takes its address for a pointer method).
func methodInfo(t types.Type, addressable bool) map[string]any {
	if t == nil {
		return nil
	}
	usable := t
	_, isIface := types.Unalias(t).Underlying().(*types.Interface)
	if addressable && !isPointer(t) && !isIface {
		usable = types.NewPointer(t)
	}
	valueSet := types.NewMethodSet(t)
	set := types.NewMethodSet(usable)
	methods := map[string]any{}
	for i := 0; i < set.Len(); i++ {
		sel := set.At(i)
		m := sel.Obj().(*types.Func)
		entry := map[string]any{"func": m.Origin().FullName(), "signature": types.TypeString(m.Type(), nil),
			"value": valueSet.Lookup(m.Pkg(), m.Name()) != nil}
		methods[m.Name()] = entry
	}
	_, hasCommit := methods["Commit"]
	_, hasRollback := methods["Rollback"]
	return map[string]any{
		"through_pointer": usable != t,
		"methods":         methods,
		"locker":          types.Implements(usable, lockerIface),
		"closer":          types.Implements(usable, closerIface),
		"commit_rollback": hasCommit && hasRollback,
	}
}

// --- main -----------------------------------------------------------------------------------

var fsetOf *token.FileSet

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-version" {
		fmt.Printf("gotypes %d %s\n", protocolVersion, runtime.Version())
		return
	}
	in := bufio.NewReader(os.Stdin)
	dec := json.NewDecoder(in)
	var req request
	if err := dec.Decode(&req); err != nil {
		fail("reading the request: %v", err)
	}
	if req.Protocol != protocolVersion {
		fail("protocol %d asked, this helper speaks %d", req.Protocol, protocolVersion)
	}
	out := json.NewEncoder(os.Stdout)
	resp, err := serve(&req, dec, out)
	if err != nil {
		fail("%v", err)
	}
	if err := out.Encode(resp); err != nil {
		fail("writing the response: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gotypes: "+format+"\n", args...)
	os.Exit(2)
}

func serve(req *request, dec *json.Decoder, out *json.Encoder) (*response, error) {
	tm := &timings{}
	took := map[string]float64{}
	resp := &response{Protocol: protocolVersion, Go: runtime.Version(), Timings: took}
	overlay, err := readOverlay(req.Overlay)
	if err != nil {
		return nil, err
	}
	tx := &texts{overlay: overlay, cache: map[string]*text{}}
	withTests := false
	var patterns []string
	for _, p := range req.Packages {
		patterns = append(patterns, p.Dir)
		for _, f := range p.Files {
			withTests = withTests || strings.HasSuffix(f.Path, "_test.go")
		}
	}
	if len(patterns) == 0 {
		resp.Packages = []*pkgResponse{}
		return resp, nil
	}
	args := []string{"-json=" + listFields, "-deps"}
	if withTests {
		args = append(args, "-test")
	}
	start := time.Now()
	listed, err := goList(req.Dir, req.Overlay, append(args, patterns...)...)
	took["list"] = time.Since(start).Seconds()
	if err != nil {
		for _, p := range req.Packages {
			resp.Packages = append(resp.Packages, &pkgResponse{Dir: p.Dir, Status: "unavailable",
				Reason: "go list failed: " + err.Error(), Files: []*fileResponse{}})
		}
		return resp, nil
	}
	plans := makePlans(req, listed)
	byID := map[string]*listedPackage{}
	for _, p := range listed {
		byID[p.ImportPath] = p
	}
	start = time.Now()
	checkingStd := false
	for _, pl := range plans {
		if pl.plain != nil && pl.plain.Standard {
			checkingStd = true
		}
	}
	mainRoot := ""
	for _, p := range listed {
		if p.Module != nil && p.Module.Main && p.Module.Dir != "" {
			mainRoot = realDir(p.Module.Dir)
			break
		}
	}
	keys := map[string]string{}
	watch := map[string][]string{}
	for _, pl := range plans {
		if pl.plain != nil {
			pl.resp.Key, pl.resp.Watch = packageKey(pl, byID, tx, checkingStd, mainRoot)
			keys[pl.req.Dir] = pl.resp.Key
			watch[pl.req.Dir] = pl.resp.Watch
		}
	}
	took["keys"] = time.Since(start).Seconds()
	if req.KeysFirst {
		if err := out.Encode(map[string]any{"keys": keys, "watch": watch}); err != nil {
			return nil, err
		}
		var skip struct {
			Skip []string `json:"skip"`
		}
		if err := dec.Decode(&skip); err != nil {
			return nil, fmt.Errorf("reading the skip list: %v", err)
		}
		skipped := map[string]bool{}
		for _, d := range skip.Skip {
			skipped[d] = true
		}
		var rest []*plan
		for _, pl := range plans {
			if skipped[pl.req.Dir] {
				pl.resp.Status = "skipped"
				pl.resp.Files = []*fileResponse{}
			} else {
				rest = append(rest, pl)
			}
		}
		for _, pl := range plans {
			resp.Packages = append(resp.Packages, pl.resp)
		}
		plans = rest
	} else {
		for _, pl := range plans {
			resp.Packages = append(resp.Packages, pl.resp)
		}
	}
	start = time.Now()
	exported, err := prepare(req.Dir, req.Overlay, plans)
	took["export"] = time.Since(start).Seconds()
	if err != nil {
		for _, pl := range plans {
			pl.resp.Status, pl.resp.Reason = "unavailable", "go list -export failed: "+err.Error()
			pl.resp.Files = []*fileResponse{}
		}
		return resp, nil
	}
	start = time.Now()
	fset := token.NewFileSet()
	fsetOf = fset
	jobs := req.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	work := make(chan *plan)
	var wg sync.WaitGroup
	for i := 0; i < jobs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			shared := newImportState(fset, exported)
			for pl := range work {
				checkPlan(pl, fset, tx, exported, tm, shared)
			}
		}()
	}
	for _, pl := range plans {
		if pl.resp.Status == "ok" || len(pl.req.Files) > 0 {
			work <- pl
		}
	}
	close(work)
	wg.Wait()
	for _, pl := range plans {
		if pl.resp.Files == nil {
			pl.resp.Files = []*fileResponse{}
		}
	}
	took["check_wall"] = time.Since(start).Seconds()
	took["parse"] = tm.parse.Seconds()
	took["typecheck"] = tm.check.Seconds()
	took["answer"] = tm.ask.Seconds()
	return resp, nil
}
