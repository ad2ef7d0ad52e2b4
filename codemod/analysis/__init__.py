"""Go semantics from the syntax, shared by every rule: rules ask, they do not compute.

- `syntax`: containment, statement lists, the nodes of one function, return values, the
  identifier a path starts from, which value a name is assigned.
- `universe`: Go's predeclared identifiers (builtin types, functions, constants).
- `scopes`: which local declaration each identifier names, with every use, write, address
  and capture (`ctx.scopes(node)`).
- `types`: every type question, answered from the written types of the file and package.
- `controlflow`: branch targets, terminating statements, paths to the next iteration
  (`ctx.flow(node)`).
"""
