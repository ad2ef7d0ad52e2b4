package main

import "fmt"

type group struct{ funcs []func() error }

func (g *group) Go(f func() error) { g.funcs = append(g.funcs, f) }

func (g *group) Wait() error {
	for _, f := range g.funcs {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	var g group
	for _, word := range []string{"x", "y"} {
		word := word
		g.Go(func() error {
			fmt.Println(word)
			return nil
		})
	}
	_ = g.Wait()
}
