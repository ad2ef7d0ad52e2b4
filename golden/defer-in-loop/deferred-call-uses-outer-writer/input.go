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

// The deferred call also writes to log, which outlives the loop: the lines move from the
// end of the function to the end of each iteration.
func process(log *[]string, names []string) {
	for _, name := range names {
		r, _ := acquire(name)
		defer logClose(log, r)
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
}

func logClose(log *[]string, r *resource) {
	*log = append(*log, "closing "+r.name)
	r.Close()
}

func main() {
	var log []string
	process(&log, []string{"a", "b"})
	fmt.Println(log)
}
