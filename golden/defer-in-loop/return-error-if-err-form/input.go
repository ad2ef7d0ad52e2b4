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

// Every return in the body returns a non-nil error: the literal returns that error.
func sizes(names []string) ([]int, error) {
	var out []int
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		if name == "bad" {
			return nil, fmt.Errorf("%s: rejected", name)
		}
		out = append(out, len(r.name))
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
	return out, nil
}

func main() {
	fmt.Println(sizes([]string{"a", "bb", "ccc"}))
	fmt.Println(sizes([]string{"a", "bad", "c"}))
	fmt.Println(sizes([]string{"a", ""}))
	fmt.Printf("at exit: %d open\n", open)
}
