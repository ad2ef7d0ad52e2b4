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

type base struct{ r *resource }

var tracked []*base

func (b *base) track() { tracked = append(tracked, b) }

// conn gets track from its embedded base: the method keeps the value in a package slice,
// though conn itself has no method of that name.
type conn struct{ *base }

func (c conn) Close() error { return c.r.Close() }

func run(names []string) {
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		c := conn{&base{r: r}}
		defer c.Close()
		c.track()
	}
	for _, b := range tracked {
		fmt.Println("tracked", b.r.name, "closed:", b.r.closed)
	}
}

func main() {
	run([]string{"a", "b"})
}
