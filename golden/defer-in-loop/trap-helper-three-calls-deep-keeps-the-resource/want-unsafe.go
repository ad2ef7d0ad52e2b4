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

var kept []*resource

func store(r *resource)    { kept = append(kept, r) }
func register(r *resource) { store(r) }
func track(r *resource)    { register(r) }

// The resource reaches a package-level slice three calls down: it outlives the iteration,
// and closing it per iteration would leave the slice with closed resources.
func run(names []string) {
	for _, name := range names {
		func() {
			r, err := acquire(name)
			if err != nil {
				return
			}
			defer r.Close()
			track(r)
		}()
	}
	for _, r := range kept {
		fmt.Println("kept", r.name, "closed:", r.closed)
	}
}

func main() {
	run([]string{"a", "b"})
}
