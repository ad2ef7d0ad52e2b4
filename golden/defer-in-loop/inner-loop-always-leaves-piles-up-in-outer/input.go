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

// After the defer the inner loop always goes on with the next group: nothing piles up per
// inner iteration, but one close per group waits until firsts returns. The body of the outer
// loop is wrapped.
func firsts(groups [][]string) []string {
	var out []string
outer:
	for _, group := range groups {
		for _, name := range group {
			r, err := acquire(name)
			if err != nil {
				continue
			}
			defer r.Close()
			fmt.Printf("first of group %s: %d open\n", r.name, open)
			out = append(out, r.name)
			continue outer
		}
	}
	return out
}

func main() {
	fmt.Println(firsts([][]string{{"a", "x"}, {"", "b"}, {}, {"c"}}))
}
