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

// Every path after the defer leaves the loop, but `goto again` runs the loop once more:
// the deferred closes pile up until run returns. The goto travels out of the literal.
func run(names []string) int {
	tries := 0
again:
	for _, name := range names {
		const (
			keepGoing = iota
			returnNow
			gotoAgain
		)
		exit, n := func() (int, int) {
			r, err := acquire(name)
			if err != nil {
				return returnNow, -1
			}
			defer r.Close()
			fmt.Printf("try %d with %s: %d open\n", tries, r.name, open)
			if tries < 2 {
				tries++
				return gotoAgain, 0
			}
			return returnNow, tries
		}()
		if exit == returnNow {
			return n
		}
		if exit == gotoAgain {
			goto again
		}
	}
	return 0
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
}
