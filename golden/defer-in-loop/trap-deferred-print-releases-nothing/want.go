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

// The deferred calls release nothing: they print when the function returns, in reverse
// order. Nothing piles up that the fix would release; report only.
func nest(names []string) {
	for _, name := range names {
		label := name + "!"
		fmt.Println("enter", label)
		defer fmt.Println("leave", label)
	}
}

func main() {
	nest([]string{"a", "b", "c"})
	r, _ := acquire("unused")
	r.Close()
}
