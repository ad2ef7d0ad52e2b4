package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu sync.Mutex
	n  int
}

func (s *store) finish() { s.release() }

func (s *store) release() { s.mu.Unlock() }

func (s *store) reset() {
	s.mu.Lock()
	defer s.mu.Lock()
	s.n = 0
	s.finish()
}

func main() {
	var s store
	s.reset()
	s.mu.Unlock()
	fmt.Println("done")
}
