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

// Deliberate: the resources are used after the loop, so they must stay open until then.
func openAll(names []string) ([]*resource, error) {
	var all []*resource
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		all = append(all, r)
	}
	for _, r := range all {
		fmt.Printf("using %s (closed: %v)\n", r.name, r.closed)
	}
	return all, nil
}

func main() {
	_, _ = openAll([]string{"a", "b"})
	fmt.Printf("at exit: %d open\n", open)
}
