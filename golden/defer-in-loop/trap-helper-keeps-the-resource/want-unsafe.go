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

var watched []*resource

// watch is a function of this package that keeps its argument.
func watch(r *resource) {
	watched = append(watched, r)
}

func watchAll(names []string) {
	for _, name := range names {
		func() {
			r, _ := acquire(name)
			defer r.Close()
			watch(r)
		}()
	}
	fmt.Printf("watching %d, first closed: %v\n", len(watched), watched[0].closed)
}

func main() {
	watchAll([]string{"a", "b"})
}
