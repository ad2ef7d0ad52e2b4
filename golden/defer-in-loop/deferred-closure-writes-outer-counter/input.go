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

func process(names []string) int {
	closed := 0
	for _, name := range names {
		r, _ := acquire(name)
		defer func() {
			r.Close()
			closed++
		}()
		fmt.Printf("iteration %s: %d open, %d closed\n", name, open, closed)
	}
	return closed
}

func main() {
	fmt.Println(process([]string{"a", "b"}))
}
