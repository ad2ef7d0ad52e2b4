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

// continue inside a switch or select binds to the loop and becomes return; break inside
// them binds to the switch or select and stays.
func drain(names []string, ready chan bool) {
	for i, name := range names {
		func() {
			r, _ := acquire(name)
			defer r.Close()
			switch {
			case i == 0:
				fmt.Printf("iteration %s: first, %d open\n", r.name, open)
				return
			case i == 1:
				break
			}
			select {
			case ok := <-ready:
				if !ok {
					return
				}
				break
			default:
			}
			fmt.Printf("iteration %s: %d open\n", r.name, open)
		}()
	}
	fmt.Printf("after the loop: %d open\n", open)
}

func main() {
	ready := make(chan bool, 2)
	ready <- true
	ready <- false
	drain([]string{"a", "b", "c", "d"}, ready)
}
