package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex

// The lock is taken before the loop, and the loop registers its release for when the
// function returns: per iteration it would be released while the rest still runs under it.
func drainUnder(items []string) int {
	mu.Lock()
	locked := true
	n := 0
	for _, item := range items {
		if item == "stop" && locked {
			defer mu.Unlock()
			locked = false
		}
		n++
	}
	if locked {
		mu.Unlock()
	}
	return n
}

func main() {
	fmt.Println(drainUnder([]string{"a", "stop", "b"}))
	fmt.Println(drainUnder(nil))
}
