package main

import (
	"fmt"
	"sync"
)

type group struct{ wg sync.WaitGroup }

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() { defer g.wg.Done(); _ = f() }()
}

// The copy i := i for the g.Go closure would also be what the stored closure after it
// captures: it would print 0 1 2 instead of the outer i's final 3 3 3.
func main() {
	var (
		g     group
		i     int
		shown []func()
	)
	for i = 0; i < 3; i++ {
		g.Go(func() error { _ = i; return nil })
		shown = append(shown, func() { fmt.Print(i, " ") })
	}
	g.wg.Wait()
	for _, f := range shown {
		f()
	}
}
