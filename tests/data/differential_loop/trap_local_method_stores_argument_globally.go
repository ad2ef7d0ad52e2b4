package main

import "fmt"

var registry []*Res

type Batch struct{ n int }

// Add keeps the resource in a package-level registry.
func (b *Batch) Add(r *Res) {
	b.n++
	registry = append(registry, r)
}

func run(names []string) {
	for _, name := range names {
		tick("L")
		b := &Batch{}
		r := acquire(name)
		defer r.Close() // want: none
		b.Add(r)
		r.Use("added")
	}
	for _, r := range registry {
		r.Use("from the registry")
	}
}

func main() {
	run([]string{"a", "b"})
	fmt.Println(len(registry))
}
