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

// Named results set in the body and a bare return: the if after the call returns bare as well.
func longest(names []string) (best string, count int) {
	for _, name := range names {
		if done := func() bool {
			r, err := acquire(name)
			if err != nil {
				return true
			}
			defer r.Close()
			count++
			if len(r.name) > len(best) {
				best = r.name
			}
			fmt.Printf("iteration %s: %d open\n", r.name, open)
			return false
		}(); done {
			return
		}
	}
	return
}

func main() {
	fmt.Println(longest([]string{"a", "ccc", "bb"}))
	fmt.Println(longest([]string{"a", "", "bb"}))
	fmt.Printf("at exit: %d open\n", open)
}
