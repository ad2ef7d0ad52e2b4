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
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() { // want: safe
			defer wg.Done()
			for j := 0; j < 2; j++ {
				defer func() { // want: safe
					mu.Lock()
					got = append(got, fmt.Sprint(i, j))
					mu.Unlock()
				}()
			}
		}()
	}
	wg.Wait()
	sort.Strings(got)
	fmt.Println(got)
}
