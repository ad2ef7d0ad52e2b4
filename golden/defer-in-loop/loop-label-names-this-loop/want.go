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

// continue L and break L where L labels this very loop: continue L becomes return, break L
// is carried out as a plain break.
func labelled(names []string) {
	for _, name := range names {
		if stop := func() bool {
			r, err := acquire(name)
			if err != nil {
				return true
			}
			defer r.Close()
			switch name {
			case "skip":
				return false
			}
			fmt.Printf("iteration %s: %d open\n", r.name, open)
			return false
		}(); stop {
			break
		}
	}
	fmt.Printf("after the loop: %d open\n", open)
}

func main() {
	labelled([]string{"a", "skip", "b", "", "c"})
}
