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

func register(reg *registry, r *resource) { reg.items = append(reg.items, r) }

// register stores the resource in the registry it is handed, which outlives the loop.
func run(reg *registry, names []string) {
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer r.Close()
		register(reg, r)
	}
	for _, r := range reg.items {
		fmt.Println("registered", r.name, "closed:", r.closed)
	}
}

func main() {
	run(&registry{}, []string{"a", "b"})
}
