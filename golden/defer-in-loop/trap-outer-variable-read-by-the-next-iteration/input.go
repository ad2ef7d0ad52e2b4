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

// prev keeps the iteration's resource for the next iteration, which reads it before it
// sets prev again: the resource outlives its iteration, and closing it at the end of each
// iteration would hand the next one a closed resource. Report-only.
func pairs(names []string) {
	var prev *resource
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer r.Close()
		if prev != nil {
			fmt.Printf("%s after %s (closed: %v)\n", r.name, prev.name, prev.closed)
		}
		prev = r
	}
}

func main() {
	pairs([]string{"a", "b", "c"})
}
