package main

import (
	"fmt"
	"sync"
)

// mu1 is taken, and mu2 is what the defer locks at exit: either `defer mu1.Unlock()` or
// `mu2.Lock(); defer mu2.Unlock()` may have been meant. A finding, with no fix naming either.
func main() {
	var mu1, mu2 sync.Mutex
	mu1.Lock()
	defer mu2.Lock()
	fmt.Println("mu1 held:", !mu1.TryLock())
}
