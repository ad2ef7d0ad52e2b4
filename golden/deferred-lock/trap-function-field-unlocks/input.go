package main

import (
	"fmt"
	"sync"
)

// onFlush is a function field: what it runs is not in the method, and here it releases the
// lock, which the deferred Lock takes back at exit. An Unlock at exit would unlock twice.
type buffer struct {
	mu      sync.Mutex
	onFlush func()
	n       int
}

func (b *buffer) flush() {
	b.mu.Lock()
	defer b.mu.Lock()
	b.n = 0
	b.onFlush()
}

func main() {
	b := &buffer{n: 3}
	b.onFlush = func() { b.mu.Unlock() }
	b.flush()
	fmt.Println("flushed", b.n, "and the lock is held again:", !b.mu.TryLock())
}
