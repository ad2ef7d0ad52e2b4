package main

import (
	"fmt"
	"sync"
)

type RW struct {
	sync.RWMutex
	name string
}

var table = map[string]int{"a": 1, "b": 2}

func lookup(mu *RW, keys []string) int {
	sum := 0
	for _, k := range keys {
		tick("L")
		mu.RLock()
		defer mu.RUnlock() // want: unsafe
		sum += table[k]
	}
	if mu.TryLock() {
		fmt.Println("UNGUARDED READ of table")
		mu.Unlock()
	}
	fmt.Println("table has", len(table))
	return sum
}

func main() {
	fmt.Println(lookup(&RW{name: "rw"}, []string{"a", "b"}))
}
