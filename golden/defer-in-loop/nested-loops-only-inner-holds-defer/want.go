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

// Only the inner loop holds the defer: only its body is wrapped.
func grid(rows, cols []string) {
	for _, row := range rows {
		fmt.Printf("row %s\n", row)
		for _, col := range cols {
			func() {
				r, _ := acquire(row + col)
				defer r.Close()
				fmt.Printf("  cell %s: %d open\n", r.name, open)
			}()
		}
	}
}

func main() {
	grid([]string{"1", "2"}, []string{"a", "b"})
	fmt.Printf("at exit: %d open\n", open)
}
