package main

import "fmt"

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

// p is a pointer: p.inc binds the pointer, and p itself never changes.
func main() {
	for _, p := range []*counter{{1}, {5}} {
		f := p.inc
		defer func() { fmt.Print(p.n, " ") }() // want: safe
		f()
	}
}
