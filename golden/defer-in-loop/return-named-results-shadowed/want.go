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

// The body declares its own err, shadowing the named result: the returned values travel
// with a bool rather than through the (shadowed) result names.
func total(names []string) (n int, err error) {
	for _, name := range names {
		if done, num, err := func() (bool, int, error) {
			r, err := acquire(name)
			if err != nil {
				return true, n, err
			}
			defer r.Close()
			n += len(r.name)
			fmt.Printf("iteration %s: %d open\n", r.name, open)
			if n > 4 {
				return true, n, nil
			}
			return false, 0, nil
		}(); done {
			return num, err
		}
	}
	return n, nil
}

func main() {
	fmt.Println(total([]string{"a", "bb", "ccc", "d"}))
	fmt.Println(total([]string{"a", ""}))
	fmt.Printf("at exit: %d open\n", open)
}
