package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Each goroutine changes the element variable that, in Go 1.21, all of them share: they
// communicate through it (racily), so giving each its own copy changes more than the defect
// and the fix is unsafe (rules.md: safe only when the literal never writes the variable).
func main() {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		got []string
	)
	for _, w := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			w = strings.ToUpper(w)
			mu.Lock()
			got = append(got, w)
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	sort.Strings(got)
	fmt.Println(got)
}
