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

type conn struct{ r *resource }

var active []*conn

func (c *conn) register()    { active = append(active, c) }
func (c *conn) Close() error { return c.r.Close() }

// register keeps the connection itself in a package-level slice.
func run(names []string) {
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		c := &conn{r: r}
		defer c.Close()
		c.register()
	}
	for _, c := range active {
		fmt.Println("active", c.r.name, "closed:", c.r.closed)
	}
}

func main() {
	run([]string{"a", "b"})
}
