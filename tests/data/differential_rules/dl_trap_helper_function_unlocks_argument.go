// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

func release(m *sync.Mutex) { m.Unlock() }

func main() {
	var mu sync.Mutex
	mu.Lock()
	defer mu.Lock() // want: none
	release(&mu)
	fmt.Println("released by a helper, taken back at exit")
}
