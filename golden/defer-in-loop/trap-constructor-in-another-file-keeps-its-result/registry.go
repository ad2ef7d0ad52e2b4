package main

import "fmt"

// resource stands for a file, a row set or a response body: it counts how many are open.
type resource struct {
	name   string
	closed bool
}

var open int

func (r *resource) Close() error {
	open--
	r.closed = true
	fmt.Printf("  close %s\n", r.name)
	return nil
}

type registry struct{ all []*resource }

// openIn opens a resource and registers it with reg before returning it.
func openIn(reg *registry, name string) *resource {
	r := &resource{name: name}
	open++
	reg.all = append(reg.all, r)
	return r
}

func (reg *registry) report() {
	for _, r := range reg.all {
		fmt.Printf("registered %s (closed: %v)\n", r.name, r.closed)
	}
}
