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

// After the defer, one branch returns and the other breaks: nothing piles up.
func firstUsable(names []string) string {
	found := ""
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		defer r.Close()
		if len(r.name) > 3 {
			return r.name
		} else {
			found = r.name
			break
		}
	}
	return found
}

func main() {
	fmt.Println(firstUsable([]string{"", "ab"}))
}
