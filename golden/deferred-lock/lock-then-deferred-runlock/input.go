package main

import (
	"fmt"
	"sync"
)

type registry struct {
	mu    sync.RWMutex
	names []string
}

func (r *registry) add(name string) {
	r.mu.Lock()
	defer r.mu.RUnlock()
	r.names = append(r.names, name)
}

func main() {
	r := &registry{}
	r.add("a")
	fmt.Println(r.names)
}
