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

func lookup(r *resource) (string, error) { return r.name, nil }

// `return lookup(r)` returns a multi-value call: it is spread into variables that travel
// with the control constant (return and break mix).
func firstFound(names []string) (string, error) {
	for _, name := range names {
		r, _ := acquire(name)
		defer r.Close()
		if name == "b" {
			return lookup(r)
		}
		if name == "" {
			break
		}
	}
	return "", nil
}

func main() {
	fmt.Println(firstFound([]string{"a", "b"}))
}
