package main

import (
	"fmt"
	"sync"
)

// release is a function value handed in by the caller; it unlocks the mutex the function
// took, and the deferred Lock re-takes it at exit on purpose.
type gate struct{ mu sync.Mutex }

func (g *gate) pass(release func()) {
	g.mu.Lock()
	defer g.mu.Lock()
	release()
}

func main() {
	g := &gate{}
	g.pass(func() { g.mu.Unlock() })
	fmt.Println("held again at exit:", !g.mu.TryLock())
}
