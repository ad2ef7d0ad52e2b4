package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
	for _, w := range []string{"x", "y"} {
		var g group
		g.Go(func() error { fmt.Print(w, " "); return nil }) // want: safe
	}
}

type group struct{}

func (group) Go(f func() error) { _ = f() }
