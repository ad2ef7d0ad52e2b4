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

// Every return returns a non-nil error, and a break leaves too: the literal returns
// (stop, err), the error is returned and stop breaks.
func firstShort(names []string) (int, error) {
	count := 0
	for _, name := range names {
		stop, err := func() (bool, error) {
			r, err := acquire(name)
			if err != nil {
				return false, fmt.Errorf("open %q: %w", name, err)
			}
			defer r.Close()
			if len(r.name) < 2 {
				return true, nil
			}
			count++
			fmt.Printf("iteration %s: %d open\n", r.name, open)
			return false, nil
		}()
		if err != nil {
			return 0, err
		}
		if stop {
			break
		}
	}
	return count, nil
}

func main() {
	fmt.Println(firstShort([]string{"aa", "bb", "c", "dd"}))
	fmt.Println(firstShort([]string{"aa", "", "c"}))
	fmt.Printf("at exit: %d open\n", open)
}
