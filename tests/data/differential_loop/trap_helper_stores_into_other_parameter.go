package main

import "fmt"

type Registry struct{ items []*Res }

func register(reg *Registry, r *Res) { reg.items = append(reg.items, r) }

func (r *Res) attachTo(reg *Registry) { reg.items = append(reg.items, r) }

// The helpers store the resource into the registry they are handed, which outlives the loop.
func run(reg *Registry, names []string) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: none
		register(reg, r)
	}
	for _, name := range names {
		tick("M")
		r := acquire(name + "2")
		defer r.Close() // want: none
		r.attachTo(reg)
	}
	for _, r := range reg.items {
		r.Use("registered")
	}
}

func main() {
	run(&Registry{}, []string{"a", "b"})
	fmt.Println("done")
}
