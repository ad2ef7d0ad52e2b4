package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	unlock := func() { mu.Unlock() }
	mu.Lock()
	defer mu.Lock()
	unlock()
	fmt.Println("released by a closure, taken back at exit")
}
