package main

import "fmt"

var kept []*Res

func store(r *Res)    { kept = append(kept, r) }
func register(r *Res) { store(r) }
func track(r *Res)    { register(r) }

// The resource reaches a package-level slice three calls down: it outlives the iteration.
func run(names []string) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: none
		track(r)
		r.Use("tracked")
	}
	for _, r := range kept {
		r.Use("after the loop")
	}
}

func main() {
	run([]string{"a", "b"})
	fmt.Println(len(kept))
}
