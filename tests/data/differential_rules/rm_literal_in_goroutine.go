// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Println("recover in a goroutine body:", recover()) // want: none
	}()
	wg.Wait()
}
