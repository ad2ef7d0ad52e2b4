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

// Close every resource when the function returns: the resources belong to the caller's
// slice, and the code after the loop still uses them.
func useAll(all []*resource) {
	for _, r := range all {
		defer r.Close()
	}
	for _, r := range all {
		fmt.Printf("using %s (closed: %v)\n", r.name, r.closed)
	}
}

func main() {
	a, _ := acquire("a")
	b, _ := acquire("b")
	useAll([]*resource{a, b})
}
