package main

import (
	"fmt"
	"sync"
)

// Done is deferred to when the function returns; per iteration it would call Done more
// often and earlier than the Add expects.
func work(wg *sync.WaitGroup, items []string) {
	for _, item := range items {
		defer wg.Done()
		fmt.Println("work", item)
	}
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go work(&wg, []string{"a", "b"})
	wg.Wait()
	fmt.Println("done")
}
