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

// cur holds the iteration's resource only for the rest of the iteration: each iteration
// sets it before it reads it, and nothing reads it after the loop. Storing the resource
// there does not make it outlive the iteration (liveness, not "assigned to an outer
// variable"): the fix is safe.
func lengths(names []string) int {
	var cur *resource
	total := 0
	for _, name := range names {
		func() {
			r, err := acquire(name)
			if err != nil {
				return
			}
			defer r.Close()
			cur = r
			total += len(cur.name)
			fmt.Printf("iteration %s: %d open\n", cur.name, open)
		}()
	}
	fmt.Printf("after the loop: %d open\n", open)
	return total
}

func main() {
	fmt.Println(lengths([]string{"a", "bb", "", "ccc"}))
	fmt.Printf("at exit: %d open\n", open)
}
