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

// Named results that the body does not shadow are set where the function returned
// (`index, err = i, nil`; a result returned as itself is left out), and a bare return
// follows the call.
func find(names []string, want int) (index int, err error) {
	index = -1
	for i, name := range names {
		r, openErr := acquire(name)
		if openErr != nil {
			return index, fmt.Errorf("at %d: %w", i, openErr)
		}
		defer r.Close()
		fmt.Printf("iteration %s: %d open\n", r.name, open)
		if len(r.name) == want {
			return i, nil
		}
		if r.name == "end" {
			err = errors.New("reached the end")
			return
		}
	}
	return index, nil
}

func main() {
	fmt.Println(find([]string{"a", "bb", "ccc"}, 2))
	fmt.Println(find([]string{"a", "", "ccc"}, 3))
	fmt.Println(find([]string{"a", "end", "ccc"}, 3))
	fmt.Println(find([]string{"a"}, 3))
	fmt.Printf("at exit: %d open\n", open)
}
