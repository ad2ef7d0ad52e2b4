package main

import "fmt"

// openIn is declared in registry.go: before it returns the resource it appends it to
// reg.all, a field of its parameter, which outlives the loop. Closing each resource at the
// end of its iteration would leave closed resources in the registry: report-only.
func load(reg *registry, names []string) {
	for _, name := range names {
		r := openIn(reg, name)
		defer r.Close()
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
	reg.report()
}

func main() {
	load(&registry{}, []string{"a", "b"})
}
