// Package leaky holds defers that deferfix fixes: try `deferfix diff examples/leaky`.
package leaky

import (
	"fmt"
	"sync"
)

// Registry is a map guarded by a read-write lock.
type Registry struct {
	mu    sync.RWMutex
	items map[string]int
}

// Add takes the write lock and, by mistake, takes it again at exit.
func (r *Registry) Add(name string, n int) {
	r.mu.Lock()
	defer r.mu.Lock()
	r.items[name] += n
}

// Get releases a read lock with the write unlock, which panics.
func (r *Registry) Get(name string) int {
	r.mu.RLock()
	defer r.mu.Unlock()
	return r.items[name]
}

// PrintAll prints every item once the function returns.
func PrintAll(names []string) {
	for i := 0; i < len(names); i++ {
		defer func() { fmt.Println(i, names[i]) }()
	}
}
