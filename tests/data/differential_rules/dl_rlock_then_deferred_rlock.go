// differential: oracle=file
package main

import (
	"fmt"
	"sync"
)

type cache struct {
	mu sync.RWMutex
	m  map[string]int
}

func (c *cache) get(k string) int {
	c.mu.RLock()
	// Read-locked twice: the write lock below never comes.
	defer c.mu.RLock() // want: safe
	return c.m[k]
}

func (c *cache) put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}

func main() {
	c := &cache{m: map[string]int{}}
	c.put("a", 1)
	fmt.Println(c.get("a"))
	c.put("b", 2)
	fmt.Println(c.get("b"))
}
