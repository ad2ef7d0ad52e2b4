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

func check(r *resource) error {
	if r.name == "bad" {
		return errors.New("bad resource")
	}
	return nil
}

// `return check(r)` may return nil (a successful early return), so the error cannot be the
// signal: the return travels as a bool with its error instead.
func firstChecked(names []string) error {
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			return err
		}
		defer r.Close()
		fmt.Printf("iteration %s: %d open\n", r.name, open)
		if name == "last" || name == "bad" {
			return check(r)
		}
	}
	return errors.New("no last")
}

func main() {
	fmt.Println(firstChecked([]string{"a", "b", "last", "c"}))
	fmt.Println(firstChecked([]string{"a", "bad"}))
	fmt.Printf("at exit: %d open\n", open)
}
