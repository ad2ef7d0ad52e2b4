// differential: oracle=file
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu    sync.Mutex
	stats sync.Mutex
	n     int
}

func (s *store) add() {
	s.mu.Lock()
	defer s.mu.Lock() // want: safe
	s.stats.Lock()
	s.n++
	s.stats.Unlock()
}

func main() {
	var s store
	s.add()
	s.add()
	fmt.Println(s.n)
}
