// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

type store struct {
	sync.Mutex
	n int
}

// reset releases the lock for the work and takes it back for the caller.
func (s *store) reset() {
	s.Lock()
	defer s.Lock() // want: none
	s.n = 0
	s.Mutex.Unlock()
	fmt.Println("reset without the lock")
}

func main() {
	var s store
	s.reset()
	s.Unlock()
	fmt.Println("done")
}
