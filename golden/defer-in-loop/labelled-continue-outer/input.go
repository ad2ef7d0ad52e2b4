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

// continue outer leaves the inner body: the if after the call continues the outer loop.
func scan(groups [][]string) {
outer:
	for g, group := range groups {
		for _, name := range group {
			r, err := acquire(name)
			if err != nil {
				continue outer
			}
			defer r.Close()
			fmt.Printf("group %d, iteration %s: %d open\n", g, r.name, open)
		}
	}
	fmt.Printf("after the loops: %d open\n", open)
}

func main() {
	scan([][]string{{"a", "", "b"}, {"c", "d"}})
	fmt.Printf("at exit: %d open\n", open)
}
