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

// Each iteration opens a resource and may skip the rest of the body with continue.
func report(names []string) {
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			fmt.Println("  skip:", err)
			continue
		}
		defer r.Close()
		if name == "b" {
			continue
		}
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
	fmt.Printf("after the loop: %d open\n", open)
}

func main() {
	report([]string{"a", "b", "", "c"})
	fmt.Printf("after report: %d open\n", open)
}
