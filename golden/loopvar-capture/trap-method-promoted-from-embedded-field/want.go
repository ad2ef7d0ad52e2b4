package main

import "fmt"

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

// An unnamed struct type with an embedded field has that field's methods.
func main() {
	for _, v := range []struct{ counter }{{counter{1}}, {counter{5}}} {
		defer func() { fmt.Print(v.n, " ") }()
		v.inc()
	}
}
