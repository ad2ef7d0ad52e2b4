package main

import "fmt"

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

type item struct {
	name string
	c    counter
}

// g := v.c.inc binds &v.c: calling g after the defer changes v.
func main() {
	for _, v := range []item{{"a", counter{1}}, {"b", counter{5}}} {
		g := v.c.inc
		defer func() { fmt.Print(v.name, v.c.n, " ") }() // want: unsafe
		g()
	}
}
