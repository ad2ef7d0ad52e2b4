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

// last is set by every iteration and read after the loop: the last resource is used after
// its iteration, which closing it per iteration would break. Report-only.
func lastOpen(names []string) string {
	var last *resource
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer r.Close()
		last = r
		fmt.Printf("iteration %s: %d open\n", last.name, open)
	}
	return fmt.Sprintf("last: %s (closed: %v)", last.name, last.closed)
}

func main() {
	fmt.Println(lastOpen([]string{"a", "b"}))
}
