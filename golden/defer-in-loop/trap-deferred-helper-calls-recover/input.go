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

// cleanup is a function of this package that calls recover(): deferring it per iteration
// would stop every panic inside the loop.
func cleanup(name string) {
	if r := recover(); r != nil {
		fmt.Println("recovered in", name, r)
	}
}

func runAll(names []string) {
	for _, name := range names {
		defer cleanup(name)
		if name == "bad" {
			panic(name)
		}
		fmt.Println("ran", name)
	}
}

func main() {
	runAll([]string{"a", "bad", "c"})
	fmt.Println("done")
}
