package main

import "fmt"

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

// v's type is an unnamed struct, but its field's type has a pointer method.
func main() {
	for _, v := range []struct{ c counter }{{counter{1}}, {counter{5}}} {
		defer func(v struct{ c counter }) { fmt.Print(v.c.n, " ") }(v)
		v.c.inc()
	}
}
