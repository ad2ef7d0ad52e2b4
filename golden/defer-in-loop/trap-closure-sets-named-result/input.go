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

// The deferred closures collect Close errors into the named result; run per iteration, the
// function's own `return nil` would overwrite them.
func closeAll(names []string) (err error) {
	for _, name := range names {
		r, _ := acquire(name)
		defer func() {
			err = errors.Join(err, r.Close())
		}()
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
	return nil
}

func main() {
	fmt.Println(closeAll([]string{"a", "b"}))
}
