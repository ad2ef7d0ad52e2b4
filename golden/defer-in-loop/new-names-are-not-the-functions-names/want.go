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

// The function already uses the words the rewrite would pick (n, s, done, stop, exit):
// the names it declares are other ones, so nothing reads like a shadow of an outer
// variable (nats-server once got `next, n :=` beside an outer n).
func tally(names []string, stop string) (string, int, error) {
	n, s, done := 0, "", false
	exit := func(msg string) { fmt.Println("exit:", msg) }
	for _, name := range names {
		if finished, str, num, err := func() (bool, string, int, error) {
			r, err := acquire(name)
			if err != nil {
				exit(err.Error())
				return true, s, n, nil
			}
			defer r.Close()
			n++
			s += r.name
			if name == stop {
				done = true
				return true, s, n, errors.New("stopped at " + stop)
			}
			fmt.Printf("iteration %s: %d open\n", r.name, open)
			return false, "", 0, nil
		}(); finished {
			return str, num, err
		}
	}
	fmt.Println("done:", done)
	return s, n, nil
}

func main() {
	fmt.Println(tally([]string{"a", "b", "c"}, "b"))
	fmt.Println(tally([]string{"a", "", "c"}, "x"))
	fmt.Println(tally([]string{"a", "c"}, "x"))
	fmt.Printf("at exit: %d open\n", open)
}
