package main

import "fmt"

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

// a[0].inc() writes the array a through a pointer receiver.
func main() {
	for _, a := range [][1]counter{{{1}}, {{5}}} {
		defer func() { fmt.Print(a[0].n, " ") }() // want: unsafe
		a[0].inc()
	}
}
