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

func index(names []string) map[string]*resource {
	byName := map[string]*resource{}
	for _, name := range names {
		r, _ := acquire(name)
		defer r.Close()
		byName[name] = r
	}
	fmt.Printf("indexed %d, first closed: %v\n", len(byName), byName[names[0]].closed)
	return byName
}

func main() {
	index([]string{"a", "b"})
}
