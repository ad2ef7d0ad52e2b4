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

type registry struct{ items []*resource }

func (g *registry) Add(r *resource) { g.items = append(g.items, r) }

var live = &registry{}

// live is a package-level variable: Add keeps the resource after the iteration.
func track(names []string) {
	for _, name := range names {
		r, _ := acquire(name)
		defer r.Close()
		live.Add(r)
	}
	fmt.Printf("tracked %d, first closed: %v\n", len(live.items), live.items[0].closed)
}

func main() {
	track([]string{"a", "b"})
}
