// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex

// slow is called with mu held; it releases it while it waits.
func slow() {
	mu.Unlock()
	defer mu.Lock()
	fmt.Println("waiting without the lock")
}

func main() {
	mu.Lock()
	slow()
	mu.Unlock()
	fmt.Println("done")
}
