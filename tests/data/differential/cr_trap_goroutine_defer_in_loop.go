// differential: oracle=same
package main

import (
	"fmt"
	"sort"
	"sync"
)

// The deferred closure is in a goroutine started in a loop: the next iteration's assignment
// (above the goroutine) runs before the closure does.
func main() {
	var (
		data    []int
		wg      sync.WaitGroup
		mu      sync.Mutex
		got     []int
		release = make(chan struct{})
		started sync.WaitGroup
	)
	for k := 1; k <= 3; k++ {
		data = make([]int, k)
		wg.Add(1)
		started.Add(1)
		go func() {
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
