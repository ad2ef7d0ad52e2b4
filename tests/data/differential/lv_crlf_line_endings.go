package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
	for _, w := range []string{"x", "y"} {
		var g group
		g.Go(func() error { fmt.Print(w, " "); return nil }) // want: safe
		g.Wait()
	}
}

type group struct{ funcs []func() error }

// Go keeps f for Wait: it runs after the statement.
func (g *group) Go(f func() error) { g.funcs = append(g.funcs, f) }

func (g *group) Wait() {
	for _, f := range g.funcs {
		_ = f()
	}
}
