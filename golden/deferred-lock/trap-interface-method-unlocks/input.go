package main

import (
	"fmt"
	"sync"
)

// hook.Done is an interface method: its implementation (here one that releases the lock)
// is not visible from the call, so the deferred Lock may be taking the lock back on purpose.
type hook interface{ Done() }

type server struct {
	mu   sync.Mutex
	hook hook
}

type releaser struct{ s *server }

func (r releaser) Done() { r.s.mu.Unlock() }

func (s *server) serve() {
	s.mu.Lock()
	defer s.mu.Lock()
	s.hook.Done()
}

func main() {
	s := &server{}
	s.hook = releaser{s}
	s.serve()
	fmt.Println("held again at exit:", !s.mu.TryLock())
}
