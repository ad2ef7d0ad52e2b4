package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex

// The body unlocks by hand on one path as well: with the defer running every iteration the
// lock would be released twice on that path.
func visit(items []string) {
	for _, item := range items {
		if done := func() bool {
			mu.Lock()
			defer mu.Unlock()
			if item == "early" {
				mu.Unlock()
				return true
			}
			fmt.Println("visit", item)
			return false
		}(); done {
			return
		}
	}
}

func main() {
	visit([]string{"a"})
}
