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

// Each listener is opened only to be held until the function returns (as in the runtime's
// own tests): nothing in the iteration uses it, so closing it per iteration defeats it.
func holdListeners(n int) {
	for i := 0; i < n; i++ {
		ln, err := acquire(fmt.Sprint("listener", i))
		if err == nil {
			defer ln.Close()
		}
	}
	fmt.Printf("holding %d open while working\n", open)
}

func main() {
	holdListeners(3)
}
