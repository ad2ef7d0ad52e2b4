package main

import (
	"fmt"
	"sync"
)

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) inc() {
	c.mu.Lock()
	defer c.mu.Lock()
	c.n++
}

func main() {
	c := &counter{}
	fmt.Println("start")
	c.inc()
	fmt.Println("locked after inc:", !c.mu.TryLock())
}
