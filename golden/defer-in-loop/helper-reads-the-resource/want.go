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

// describe is a function of this package that only reads its argument.
func describe(r *resource) string {
	return fmt.Sprintf("%s (closed: %v)", r.name, r.closed)
}

func describeAll(names []string) {
	for _, name := range names {
		func() {
			r, _ := acquire(name)
			defer r.Close()
			fmt.Printf("iteration %s: %d open\n", describe(r), open)
		}()
	}
}

func main() {
	describeAll([]string{"a", "b"})
}
