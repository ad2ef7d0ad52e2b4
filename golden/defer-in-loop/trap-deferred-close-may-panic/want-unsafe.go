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

type strict struct{ r *resource }

// Close panics when the resource cannot be released cleanly.
func (s *strict) Close() {
	s.r.Close()
	if s.r.name == "x" {
		panic("close of x failed")
	}
}

// In the original the panic comes when run returns, after every iteration; per iteration it
// would stop the loop at x: unsafe.
func run(names []string) {
	for _, name := range names {
		func() {
			r, err := acquire(name)
			if err != nil {
				return
			}
			s := &strict{r}
			defer s.Close()
			fmt.Println("work", s.r.name)
		}()
	}
	fmt.Println("loop done")
}

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	run([]string{"a", "x", "b"})
}
