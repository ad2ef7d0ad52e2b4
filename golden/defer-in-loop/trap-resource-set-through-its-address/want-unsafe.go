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

func pick(dst **resource, shared *resource, name string) {
	if name == "shared" {
		*dst = shared
		return
	}
	*dst, _ = acquire(name)
}

// r is set through its address, to the shared resource on one path: closing it per
// iteration would close the shared one while later iterations still use it.
func run(shared *resource, names []string) {
	for _, name := range names {
		func() {
			var r *resource
			pick(&r, shared, name)
			defer r.Close()
			fmt.Println("use", r.name, "shared closed:", shared.closed)
		}()
	}
}

func main() {
	shared, _ := acquire("shared")
	run(shared, []string{"shared", "a", "b"})
}
