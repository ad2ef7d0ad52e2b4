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

// r is declared in the body but is an element of the caller's slice.
func useAll(all []*resource) {
	for i := range all {
		r := all[i]
		defer r.Close()
	}
	fmt.Printf("first closed: %v\n", all[0].closed)
}

func main() {
	a, _ := acquire("a")
	useAll([]*resource{a})
}
