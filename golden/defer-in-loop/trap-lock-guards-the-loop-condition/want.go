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

type queue struct {
	mu    sync.Mutex
	items []string
}

// With one item (the only way the original does not deadlock) the loop condition runs once
// more under q.mu after the body; released per iteration, it would read q.items unlocked.
func (q *queue) drain() int {
	n := 0
	for len(q.items) > 0 {
		q.mu.Lock()
		defer q.mu.Unlock()
		q.items = q.items[1:]
		n++
	}
	return n
}

func main() {
	q := &queue{items: []string{"a"}}
	fmt.Println(q.drain())
	r, _ := acquire("unused")
	r.Close()
}
