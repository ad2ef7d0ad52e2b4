package main

import "fmt"

type Holder struct{ items []*Res }

func run(h *Holder, names []string) {
	for _, name := range names {
		tick("L")
		p := h
		r := acquire(name)
		defer r.Close() // want: none
		p.items = append(p.items, r)
	}
	for _, r := range h.items {
		r.Use("held")
	}
}

func main() {
	run(&Holder{}, []string{"a", "b"})
	fmt.Println("done")
}
