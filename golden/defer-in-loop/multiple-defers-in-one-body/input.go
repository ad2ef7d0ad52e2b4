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

// Two resources per iteration: after the fix each iteration closes both, in reverse order.
func copyAll(pairs [][2]string) {
	for _, pair := range pairs {
		src, err := acquire(pair[0])
		if err != nil {
			continue
		}
		defer src.Close()
		dst, err := acquire(pair[1])
		if err != nil {
			continue
		}
		defer dst.Close()
		fmt.Printf("copy %s -> %s: %d open\n", src.name, dst.name, open)
	}
	fmt.Printf("after the loop: %d open\n", open)
}

func main() {
	copyAll([][2]string{{"a", "b"}, {"c", ""}, {"d", "e"}})
}
