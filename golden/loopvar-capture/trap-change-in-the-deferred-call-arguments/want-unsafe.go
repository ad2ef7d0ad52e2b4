package main

import "fmt"

type cnt int

func (c *cnt) next() int { *c += 10; return int(*c) }

// c.next() in the deferred call's arguments changes c before the closure runs; whether an
// appended argument c is read before or after that call is not fixed by the language
// (gc reads it after), so the argument form is not safe.
func main() {
	for c := cnt(0); c < 3; c++ {
		defer func(n int, c cnt) { fmt.Print(n, c, " ") }(c.next(), c)
	}
}
