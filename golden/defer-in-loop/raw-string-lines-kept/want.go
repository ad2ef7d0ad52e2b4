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

// The lines of a raw string are content, not indentation: they must not move.
func banner(names []string) {
	for _, name := range names {
		func() {
			r, _ := acquire(name)
			defer r.Close()
			fmt.Println(r.name)
			fmt.Print(`+--+
|  |
+--+
`)
		}()
	}
}

func main() {
	banner([]string{"a", "b"})
}
