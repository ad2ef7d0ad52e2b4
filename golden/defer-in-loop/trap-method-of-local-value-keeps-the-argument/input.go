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

var registry []*resource

type batch struct{ n int }

// add counts the resource and keeps it in a package-level registry.
func (b *batch) add(r *resource) {
	b.n++
	registry = append(registry, r)
}

func run(names []string) {
	for _, name := range names {
		b := &batch{}
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer r.Close()
		b.add(r)
	}
	for _, r := range registry {
		fmt.Println("registered", r.name, "closed:", r.closed)
	}
}

func main() {
	run([]string{"a", "b"})
}
