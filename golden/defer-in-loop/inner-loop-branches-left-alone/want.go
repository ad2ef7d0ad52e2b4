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

// break and continue inside an inner loop (and break inside a select) bind there and stay.
func walk(names []string, ticks chan int) {
	for _, name := range names {
		func() {
			r, _ := acquire(name)
			defer r.Close()
			for i := 0; i < 3; i++ {
				if i == 0 {
					continue
				}
				if i == 2 {
					break
				}
				select {
				case t := <-ticks:
					if t > 0 {
						break
					}
				default:
				}
			}
			fmt.Printf("iteration %s: %d open\n", r.name, open)
		}()
	}
}

func main() {
	walk([]string{"a", "b", "c"}, make(chan int))
	fmt.Printf("at exit: %d open\n", open)
}
