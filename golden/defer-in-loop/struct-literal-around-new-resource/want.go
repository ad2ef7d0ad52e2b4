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

type session struct {
	r     *resource
	owner string
}

func (s *session) Close() error { return s.r.Close() }

// The session literal holds a resource the iteration opens (a call's result, not a value
// from outside the loop): it is per-iteration, and the fix is safe.
func run(names []string) int {
	n := 0
	for _, name := range names {
		func() {
			r, err := acquire(name)
			if err != nil {
				return
			}
			s := &session{r: r, owner: "run"}
			defer s.Close()
			fmt.Printf("session %s of %s: %d open\n", s.r.name, s.owner, open)
			n++
		}()
	}
	return n
}

func wrapped(names []string) int {
	n := 0
	for range names {
		func() {
			s := &session{r: mustAcquire("w"), owner: "wrapped"}
			defer s.Close()
			fmt.Printf("session of %s: %d open\n", s.owner, open)
			n++
		}()
	}
	return n
}

func mustAcquire(name string) *resource {
	r, _ := acquire(name)
	return r
}

func main() {
	fmt.Println(run([]string{"a", "", "b"}))
	fmt.Println(wrapped([]string{"a", "b"}))
}
