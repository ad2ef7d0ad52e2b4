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

// A successful early return of values: the values travel after the literal's bool.
func find(names []string, want int) (string, int, error) {
	for i, name := range names {
		r, err := acquire(name)
		if err != nil {
			return "", 0, err
		}
		defer r.Close()
		fmt.Printf("iteration %s: %d open\n", r.name, open)
		if len(r.name) == want {
			return r.name, i, nil
		}
	}
	return "", -1, nil
}

func main() {
	fmt.Println(find([]string{"a", "bb", "ccc", "dd"}, 3))
	fmt.Println(find([]string{"a", ""}, 3))
	fmt.Printf("at exit: %d open\n", open)
}
