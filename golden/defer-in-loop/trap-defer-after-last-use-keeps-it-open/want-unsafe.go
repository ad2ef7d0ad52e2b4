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

// Every connection is to stay open until accept returns (the shape of x/net's netutil
// test: "Leave c open until the listener is closed"): the defer comes after the last use,
// where a plain Close would do if closing per iteration were meant. Unsafe.
func accept(names []string) int {
	n := 0
	for _, name := range names {
		if stop := func() bool {
			c, err := acquire(name)
			if err != nil {
				return true
			}
			fmt.Println("hello", c.name)
			n++
			defer c.Close()
			return false
		}(); stop {
			break
		}
	}
	fmt.Println("open while checking:", open)
	return n
}

func main() {
	fmt.Println(accept([]string{"a", "b", "c"}))
}
