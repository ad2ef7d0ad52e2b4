package main

import (
	"fmt"
	"sort"
	"sync"
)

// Before Go 1.22 all iterations share data: the goroutines' deferred closures run after the
// loop and see the last batch ([3 3 3]); closure-retains passing len(data) at the defer would
// change that on its own. loopvar-capture's fix on the goroutine gives Go 1.22's [1 2 3].
func main() {
	var (
		wg      sync.WaitGroup
		started sync.WaitGroup
		mu      sync.Mutex
		got     []int
		release = make(chan struct{})
	)
	for _, data := range [][]int{{1}, {1, 2}, {1, 2, 3}} {
		wg.Add(1)
		started.Add(1)
		go func() { // want: safe
			defer wg.Done()
			defer func() { // want: none
				mu.Lock()
				got = append(got, len(data))
				mu.Unlock()
			}()
			started.Done()
			<-release
		}()
		started.Wait()
	}
	close(release)
	wg.Wait()
	sort.Ints(got)
	fmt.Println(got)
}
