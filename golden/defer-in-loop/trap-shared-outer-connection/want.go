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

// The connection is shared by every iteration; closing it per iteration would break the
// next one.
func queryAll(queries []string) {
	conn, _ := acquire("conn")
	for _, q := range queries {
		defer conn.Close()
		fmt.Printf("query %s on %s (closed: %v)\n", q, conn.name, conn.closed)
	}
}

func main() {
	queryAll([]string{"q1", "q2"})
}
