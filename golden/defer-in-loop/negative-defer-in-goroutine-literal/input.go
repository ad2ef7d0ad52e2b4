package main

import (
	"fmt"
	"sync"
)

func fanOut(items []string) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(len(item))
		}()
	}
	wg.Wait()
}

func main() {
	fanOut([]string{"a", "b"}) // equal lengths: the goroutines may print in any order
}
