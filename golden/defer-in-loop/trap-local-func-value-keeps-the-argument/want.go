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

// keep, a func value of the body, stores its argument in a slice that outlives the loop.
func run(names []string) {
	var kept []*resource
	for _, name := range names {
		keep := func(x *resource) { kept = append(kept, x) }
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer r.Close()
		keep(r)
	}
	for _, r := range kept {
		fmt.Println("kept", r.name, "closed:", r.closed)
	}
}

func main() {
	run([]string{"a", "b"})
}
