package main

import (
	"fmt"
	"sort"
	"sync"
)

type group struct {
	wg  sync.WaitGroup
	mu  sync.Mutex
	out []string
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.mu.Lock()
			g.out = append(g.out, err.Error())
			g.mu.Unlock()
		}
	}()
}

func main() {
	var g group
	for i, name := range []string{"p", "q", "r"} {
		switch {
		case i > 0:
			g.Go(func() error { return fmt.Errorf("%d:%s", i, name) }) // want: safe
		}
	}
	g.wg.Wait()
	sort.Strings(g.out)
	fmt.Println(g.out)
}
