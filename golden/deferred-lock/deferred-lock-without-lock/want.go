package store

import "sync"

var mu sync.Mutex

func reacquire() {
	defer mu.Lock()
}
