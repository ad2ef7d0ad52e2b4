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

// Deliberate: the recover guards the whole function. Per iteration it would swallow each
// panic and the loop would go on.
func runAll(tasks []func()) (failed bool) {
	for _, task := range tasks {
		defer func() {
			if recover() != nil {
				failed = true
			}
		}()
		task()
	}
	return false
}

func main() {
	ran := 0
	fmt.Println(runAll([]func(){func() { ran++ }, func() { panic("boom") }, func() { ran++ }}), ran)
}
