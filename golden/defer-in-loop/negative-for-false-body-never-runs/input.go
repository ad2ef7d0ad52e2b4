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

// The body of `for false` cannot run, so its defers cannot pile up: not a finding.
func never(names []string) {
	for false {
		r, _ := acquire("never")
		defer r.Close()
	}
	for false {
		for _, name := range names {
			r, _ := acquire(name)
			defer r.Close()
		}
	}
	fmt.Printf("after the loops: %d open\n", open)
}

func main() {
	never([]string{"a", "b"})
}
