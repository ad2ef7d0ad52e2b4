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

// Every path after the defer returns: the loop body runs at most once past it.
func firstOpen(names []string) (string, error) {
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer r.Close()
		return r.name, nil
	}
	return "", errors.New("none")
}

func main() {
	fmt.Println(firstOpen([]string{"", "b"}))
}
