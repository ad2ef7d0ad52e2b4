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

func background(names []string, done chan<- string) {
	for _, name := range names {
		r, _ := acquire(name)
		defer r.Close()
		go func() {
			done <- r.name
		}()
	}
}

func main() {
	done := make(chan string, 2)
	background([]string{"a", "b"}, done)
	fmt.Println(len(done) <= 2)
}
