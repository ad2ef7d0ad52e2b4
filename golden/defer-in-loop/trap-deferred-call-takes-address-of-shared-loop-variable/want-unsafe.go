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

func report(r *resource, p *int) {
	fmt.Println("report", r.name, *p)
	r.Close()
}

// Before Go 1.22 every iteration shares i: the deferred calls read it through the pointer
// when the function returns (its last value); per iteration they would read 0, 1, 2.
func run(names []string) {
	for i := 0; i < len(names); i++ {
		func() {
			r, err := acquire(names[i])
			if err != nil {
				return
			}
			defer report(r, &i)
			fmt.Println("use", r.name)
		}()
	}
}

func main() {
	run([]string{"a", "b", "c"})
}
