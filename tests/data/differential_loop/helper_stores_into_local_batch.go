package main

import "fmt"

type Batch struct{ items []*Res }

func add(b *Batch, r *Res) { b.items = append(b.items, r) }

func run(names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		b := &Batch{}
		r := acquire(name)
		defer r.Close() // want: safe
		add(b, r)
		for _, it := range b.items {
			it.Use("batched")
		}
		n += len(b.items)
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
}
