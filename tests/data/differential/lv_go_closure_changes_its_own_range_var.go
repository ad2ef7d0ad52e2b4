package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Each goroutine changes the element variable all of them share in Go 1.21: they
// communicate through it (racily), so a copy changes more than the defect: unsafe.
func main() {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		got []string
	)
	for _, w := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() { // want: unsafe
			defer wg.Done()
			w = strings.ToUpper(w)
			mu.Lock()
			got = append(got, w)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Strings(got)
	fmt.Println(got)
}
