package main

import (
	"fmt"
	"sync"
)

type table struct {
	mu   sync.Mutex
	rows int
}

// grow returns with t.mu held: it takes the lock, lets go of it while it works, and takes
// it back at exit. The deferred Lock is deliberate; Unlock would unlock twice.
func (t *table) grow() {
	t.mu.Lock()
	defer t.mu.Lock()
	t.rows++
	t.mu.Unlock()
	fmt.Println("growing without the lock")
}

func main() {
	t := &table{}
	t.grow()
	fmt.Println("held on return:", !t.mu.TryLock())
}
