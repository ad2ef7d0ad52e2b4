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

// goto to a label outside the loop: the if after the call performs the goto.
func attempt(batches [][]string) {
	round := 0
retry:
	round++
	for _, name := range batches[round-1] {
		if jump := func() bool {
			r, err := acquire(name)
			if err != nil {
				fmt.Printf("round %d failed\n", round)
				return true
			}
			defer r.Close()
			fmt.Printf("round %d, iteration %s: %d open\n", round, r.name, open)
			return false
		}(); jump {
			goto retry
		}
	}
	fmt.Printf("after the loop: %d open\n", open)
}

func main() {
	attempt([][]string{{"a", ""}, {"b", "c"}})
	fmt.Printf("at exit: %d open\n", open)
}
