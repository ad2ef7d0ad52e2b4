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

func consume(names <-chan string) {
	for name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer r.Close()
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
	fmt.Printf("after the loop: %d open\n", open)
}

func main() {
	names := make(chan string, 4)
	for _, n := range []string{"a", "", "b", "c"} {
		names <- n
	}
	close(names)
	consume(names)
}
