package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Each goroutine changes its own element variable; a range loop gives the next iteration a
// fresh value, so a copy behaves as Go 1.22's per-iteration variable.
func main() {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		got []string
	)
	for _, w := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() { // want: safe
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
