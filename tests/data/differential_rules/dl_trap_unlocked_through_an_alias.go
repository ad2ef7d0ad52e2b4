// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu sync.Mutex
	n  int
}

func (s *store) reset() {
	lock := &s.mu
	s.mu.Lock()
	defer s.mu.Lock() // want: none
	s.n = 0
	lock.Unlock()
}

func main() {
	var s store
	s.reset()
	s.mu.Unlock()
	fmt.Println("done")
}
