package main

import (
	"errors"
	"fmt"
	"sync"
)

// resource stands for a file, a row set or a response body: it counts how many are open.
type resource struct {
	name   string
	closed bool
}

var open int

func acquire(name string) (*resource, error) {
	if name == "" {
		return nil, errors.New("empty name")
	}
	open++
	return &resource{name: name}, nil
}

func (r *resource) Close() error {
	open--
	r.closed = true
	fmt.Printf("  close %s\n", r.name)
	return nil
}

var (
	mu    sync.RWMutex
	table = map[string]int{"a": 1, "b": 2}
)

// Read locks can be held several times: the original holds one from the first iteration
// until sum returns, so no writer changes the table in between. Released per iteration,
// writers could run between the iterations: unsafe.
func sum(keys []string) int {
	total := 0
	for _, k := range keys {
		mu.RLock()
		defer mu.RUnlock()
		total += table[k]
	}
	return total
}

func main() {
	fmt.Println(sum([]string{"a", "b"}))
	r, _ := acquire("unused")
	r.Close()
}
