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

type pool struct{ current *resource }

func (p *pool) get(name string) *resource {
	r := &resource{name: name}
	open++
	p.current = r
	return r
}
