package main

import (
	"fmt"
	"sort"
	"sync"
)

func main() {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		got []string
	)
	for i, w := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() { // want: safe
			defer wg.Done()
			mu.Lock()
			got = append(got, fmt.Sprint(w, i))
			mu.Unlock()
		}()
		if w == "b" {
			fmt.Println("saw", w, i)
		}
	}
	wg.Wait()
	sort.Strings(got)
	fmt.Println(got)
}
