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

// slot is declared in the body but points into the caller's slice.
func fill(slots []*resource, names []string) {
	for i, name := range names {
		slot := &slots[i]
		r, _ := acquire(name)
		defer r.Close()
		*slot = r
	}
	fmt.Printf("first closed: %v\n", slots[0].closed)
}

func main() {
	fill(make([]*resource, 2), []string{"a", "b"})
}
