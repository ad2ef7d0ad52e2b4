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

// break, continue of the outer loop, goto and a return of values all leave the inner body:
// the literal returns an int, one constant per branch, declared just before the call.
func scan(groups [][]string, limit int) (string, int) {
	total := 0
	tries := 0
retry:
	tries++
outer:
	for g, group := range groups {
		for _, name := range group {
			r, err := acquire(name)
			if err != nil {
				continue outer
			}
			defer r.Close()
			fmt.Printf("try %d, group %d, iteration %s: %d open\n", tries, g, r.name, open)
			switch {
			case r.name == "stop":
				break outer
			case r.name == "last":
				break
			case r.name == "again" && tries < 2:
				goto retry
			case len(r.name) > limit:
				return r.name, total
			}
			if r.name == "skip" {
				continue
			}
			total += len(r.name)
		}
	}
	return "", total
}

func main() {
	fmt.Println(scan([][]string{{"a", "", "b"}, {"cc", "skip", "d"}, {"toolong", "e"}}, 4))
	fmt.Println(scan([][]string{{"a", "stop", "b"}, {"c"}}, 4))
	fmt.Println(scan([][]string{{"a", "again", "b"}, {"c"}}, 9))
	fmt.Printf("at exit: %d open\n", open)
}
