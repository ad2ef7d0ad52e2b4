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

func numbered(n int) {
	for i := range n {
		r, _ := acquire(fmt.Sprint("r", i))
		defer r.Close()
		fmt.Printf("iteration %d (%s): %d open\n", i, r.name, open)
	}
	fmt.Printf("after the loop: %d open\n", open)
}

func main() {
	numbered(3)
}
