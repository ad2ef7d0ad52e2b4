"""Go semantics for the rules: one shared layer that the rules ask, never copy.

A rule reaches it through typed accessors on its file context (codemod.context), each computed
once per function or file and shared by every rule:

    ctx.scopes(node)   scopes.Scopes of the outermost function holding node
    ctx.flow(node)     controlflow.Flow of the innermost function holding node
    ctx.types          types.Types of the file (ctx.scopes(node).types: one function's)
    ctx.package        package.Package: the file's view of its package's files
    ctx.imports        local package name -> import path

Modules, from the bottom up:

- `syntax`: questions about go/ast-shaped trees: containment, statement lists, the nodes of
  one function, return values, the identifier a path starts from, which value an assigned
  name receives, short texts for messages.
- `universe`: Go's predeclared identifiers (builtin types, functions, constants).
- `types`: every type question. `SyntaxTypes` per function (written types, kinds, whether a
  use changes a value) and `Types` per file (its tables; types through function results,
  fields and package variables). A `TypeOracle` (go/types, `gotypes`) plugs in there, with
  the syntax answers as the fallback.
- `scopes`: resolution only: which local declaration each identifier names, with every use,
  write, address and capture; it asks its `SyntaxTypes` for the types of what it declares.
- `package`: `Directory` (the runner builds one per package directory; each file is listed,
  read and parsed once) and `Package` (siblings, package-level names, the functions and
  methods of a name with a context for their file). No module state, no reads of its own.
- `controlflow`: branch targets, terminating statements, paths to the next iteration.
- `calls`: what a call does besides returning: recover() (Go's rule: only a direct call by
  the deferred function counts), panics and exits, calls that only print.
- `origin`: where a value comes from: assigned values, aliases of outer values, what a call
  mentions, non-nil errors.
- `escape`: whether a value of a region (a loop body) may outlive it, and where it goes.
- `locks`: unlock/lock pairs and what runs after a loop under a lock.
- `gotypes`: the go/types service (issue 15), asked by byte position.
"""
