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

func produce(names []string, out chan<- *resource) {
	for _, name := range names {
		func() {
			r, _ := acquire(name)
			defer r.Close()
			out <- r
		}()
	}
}

func main() {
	out := make(chan *resource, 2)
	produce([]string{"a", "b"}, out)
	close(out)
	for r := range out {
		fmt.Printf("received %s (closed: %v)\n", r.name, r.closed)
	}
}
