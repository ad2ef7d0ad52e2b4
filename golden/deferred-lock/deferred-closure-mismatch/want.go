package main

import (
	"fmt"
	"sync"
)

var (
	mu    sync.RWMutex
	count int
)

func read() int {
	mu.RLock()
	defer func() {
		mu.Unlock()
	}()
	return count
}

func bump() {
	mu.Lock()
	defer func() { mu.Unlock() }()
	count++
}

func main() {
	bump()
	fmt.Println("bumped")
	fmt.Println(read())
}
