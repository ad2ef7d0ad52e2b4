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

// recover() works only when the deferred function calls it directly; moved into a func
// literal inside the loop it would always return nil.
func guarded(names []string) {
	defer func() {
		for _, name := range names {
			r, _ := acquire(name)
			defer r.Close()
			if p := recover(); p != nil {
				fmt.Println("recovered:", p)
			}
		}
	}()
	panic("boom")
}

func main() {
	guarded([]string{"a"})
	fmt.Printf("at exit: %d open\n", open)
}
