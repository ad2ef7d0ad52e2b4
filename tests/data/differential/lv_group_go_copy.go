package main

import (
	"fmt"
	"sort"
	"sync"
)

type group struct {
	wg   sync.WaitGroup
	mu   sync.Mutex
	errs []string
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.mu.Lock()
			g.errs = append(g.errs, err.Error())
			g.mu.Unlock()
		}
	}()
}

func (g *group) Wait() []string {
	g.wg.Wait()
	sort.Strings(g.errs)
	return g.errs
}

func main() {
	var g group
	for _, name := range []string{"x", "y", "z"} {
		g.Go(func() error { return fmt.Errorf("failed %s", name) }) // want: safe
	}
	fmt.Println(g.Wait())
}
