// differential: oracle=same
package main

import (
	"fmt"
	"sort"
	"sync"
)

// i belongs to main; the loop that shares it is in a literal, and main's loop around that
// literal assigns i again (i = 100 * r) after the goroutines of the first round started.
func main() {
	var (
		i       int
		wg      sync.WaitGroup
		mu      sync.Mutex
		got     []int
		release = make(chan struct{})
	)
	for r := 0; r < 2; r++ {
		i = 100 * r
		func() {
			for limit := i + 2; i < limit; i++ {
				wg.Add(1)
				go func() { // want: unsafe
					defer wg.Done()
					<-release
					mu.Lock()
					got = append(got, i)
					mu.Unlock()
				}()
			}
		}()
	}
	close(release)
	wg.Wait()
	sort.Ints(got)
	fmt.Println(got)
}
