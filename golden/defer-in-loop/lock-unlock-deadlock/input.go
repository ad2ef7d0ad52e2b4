package main

import (
	"fmt"
	"sync"
)

type counter struct {
	mu sync.Mutex
	n  map[string]int
}

// The lock is taken every iteration but released only when add returns: the second
// iteration blocks on the lock the first one still holds.
func (c *counter) add(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.n[k]++
		fmt.Printf("added %s\n", k)
	}
}

func main() {
	c := &counter{n: map[string]int{}}
	c.add([]string{"a", "b", "a"})
	fmt.Println(c.n)
}
