package main

import (
	"fmt"
	"sort"
	"sync"
)

type counter int

func (c *counter) inc() { *c++ }

var (
	mu  sync.Mutex
	got []int
)

// `defer c.inc()` is above the goroutine, but it runs when run returns, after which the
// goroutines read c: with per-iteration variables each sees its own c incremented.
func run(release chan struct{}, wg *sync.WaitGroup) {
	for c := counter(0); c < 3; c++ {
		defer c.inc()
		wg.Add(1)
		go func() { // want: unsafe
			defer wg.Done()
			<-release
			mu.Lock()
			got = append(got, int(c))
			mu.Unlock()
		}()
	}
}

func main() {
	release := make(chan struct{})
	var wg sync.WaitGroup
	run(release, &wg)
	close(release)
	wg.Wait()
	sort.Ints(got)
	fmt.Println(got)
}
