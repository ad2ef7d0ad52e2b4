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

// break ends the loop from inside the literal: it returns true and the call site breaks.
func until(names []string, stop string) int {
	seen := 0
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			break
		}
		defer r.Close()
		if name == stop {
			break
		}
		seen++
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
	fmt.Printf("after the loop: %d open\n", open)
	return seen
}

func main() {
	fmt.Println(until([]string{"a", "b", "stop", "c"}, "stop"))
	fmt.Println(until([]string{"a", "", "c"}, "stop"))
}
