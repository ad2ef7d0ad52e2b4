package store

import "sync"

var (
	mu sync.Mutex
	rw sync.RWMutex
)

func a() {
	mu.Lock()
	defer mu.Unlock()
}

func b() {
	rw.RLock()
	defer rw.RUnlock()
}

func c(other *sync.Mutex) {
	other.Unlock()
	println("released")
	defer other.Lock() // re-taken at exit: deliberate
}
