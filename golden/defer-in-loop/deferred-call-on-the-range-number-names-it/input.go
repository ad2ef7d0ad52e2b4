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

var slots [3]struct{ held bool }

func release(i int) {
	slots[i].held = false
	fmt.Printf("  release slot %d\n", i)
}

// The deferred call works only on i, a number the loop counts (range over an int), not on
// anything the iteration opened: report-only, and the reason says what i is rather than
// that "i comes from ranging over 3, which outlives the loop".
func hold() {
	for i := range 3 {
		slots[i].held = true
		defer release(i)
		fmt.Printf("holding slot %d\n", i)
	}
	for i := range slots {
		defer release(i)
	}
}

func main() {
	hold()
}
