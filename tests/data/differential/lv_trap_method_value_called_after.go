package main

import "fmt"

type counter int

func (c *counter) inc() { *c++ }

// f := c.inc binds &c: calling f after the defer writes c.
func main() {
	for c := counter(0); c < 6; c += 2 {
		f := c.inc
		defer func() { fmt.Print(c, " ") }() // want: unsafe
		f()
	}
}
