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

func each(sizes map[string]int) {
	for name, size := range sizes {
		func() {
			r, _ := acquire("entry " + fmt.Sprint(len(name)))
			defer r.Close()
			if size == 0 {
				return
			}
			fmt.Printf("iteration %s: %d open\n", r.name, open)
		}()
	}
}

func main() {
	each(map[string]int{"a": 1, "b": 2, "c": 3})
	fmt.Printf("at exit: %d open\n", open)
}
