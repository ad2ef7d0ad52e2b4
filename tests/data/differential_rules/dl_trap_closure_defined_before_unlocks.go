// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	unlock := func() { mu.Unlock() }
	mu.Lock()
	defer mu.Lock() // want: none
	unlock()
	fmt.Println("released by a closure, taken back at exit")
}
