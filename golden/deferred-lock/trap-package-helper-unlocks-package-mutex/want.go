package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex

func release() { mu.Unlock() }

func reset() {
	mu.Lock()
	defer mu.Lock()
	release()
	fmt.Println("released by a package helper, taken back at exit")
}

func main() {
	reset()
	mu.Unlock()
	fmt.Println("done")
}
