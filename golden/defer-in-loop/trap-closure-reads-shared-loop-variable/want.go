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

// Go 1.21: i is shared by all iterations, so the deferred closures all print its final
// value; run per iteration they would print each value instead.
func numbered(names []string) {
	for i := 0; i < len(names); i++ {
		r, _ := acquire(names[i])
		defer func() {
			fmt.Println("closing number", i)
			r.Close()
		}()
		fmt.Printf("iteration %d: %d open\n", i, open)
	}
}

func main() {
	numbered([]string{"a", "b"})
}
