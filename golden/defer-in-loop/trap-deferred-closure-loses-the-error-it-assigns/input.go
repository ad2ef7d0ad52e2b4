package main

import (
	"errors"
	"fmt"
)

// resource stands for a file: Close fails for "bad", as a full disk would on a flush.
type resource struct {
	name   string
	closed bool
}

var open int

func create(name string) (*resource, error) {
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
	if r.name == "bad" {
		return errors.New("close " + r.name + ": disk full")
	}
	return nil
}

// The body's `r, err := create(name)` declares its own err each iteration, shadowing the
// function's: the deferred closure joins the Close error into that copy, which nothing
// reads (defer-lost-write), so writeAll never reports it. Wrapping the body as it is would
// keep the write lost under a safe fix; the unsafe fix names the literal's result err, so
// the closure's error is returned (and the loop stops there).
func writeAll(names []string) error {
	var err error
	for _, name := range names {
		r, err := create(name)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, r.Close()) }()
		fmt.Printf("write %s: %d open\n", r.name, open)
	}
	return err
}

// With a break as well, the body cannot take that shape: still unsafe, and the reason says
// that the rewrite keeps the write lost.
func writeUntil(names []string, stop string) error {
	for _, name := range names {
		r, err := create(name)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, r.Close()) }()
		if name == stop {
			break
		}
		fmt.Printf("write %s: %d open\n", r.name, open)
	}
	return nil
}

func main() {
	fmt.Println(writeAll([]string{"a", "bad", "c"}))
	fmt.Println(writeAll([]string{"a", ""}))
	fmt.Println(writeUntil([]string{"a", "bad", "c"}, "c"))
}
