package main

import (
	"errors"
	"fmt"
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

func names(yield func(string) bool) {
	for _, n := range []string{"a", "b", "c", "d"} {
		if !yield(n) {
			return
		}
	}
}

// A range-over-func loop: its body is a function already, but its defers are attached to
// the enclosing function by the compiler, so they pile up the same way.
func visit() {
	for name := range names {
		if stop := func() bool {
			r, _ := acquire(name)
			defer r.Close()
			if name == "c" {
				return true
			}
			fmt.Printf("iteration %s: %d open\n", r.name, open)
			return false
		}(); stop {
			break
		}
	}
	fmt.Printf("after the loop: %d open\n", open)
}

func main() {
	visit()
}
