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

func report(what string) {
	fmt.Println("leave", what)
}

// Only the printing is deferred: r.Close() runs at the defer statement, and report only
// prints. Run per iteration the lines would come out in another order; report only.
func run(names []string) {
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			continue
		}
		fmt.Println("enter", r.name)
		defer fmt.Println("closed", r.name, r.Close())
	}
	for _, name := range names {
		label := name + "!"
		fmt.Println("enter", label)
		defer report(label)
	}
}

type job struct{ name string }

func (j *job) report() { fmt.Println("finished", j.name) }

// The deferred method only prints too.
func jobs(names []string) {
	for _, name := range names {
		j := &job{name: name}
		fmt.Println("start", j.name)
		defer j.report()
	}
}

func main() {
	run([]string{"a", "b"})
	jobs([]string{"a", "b"})
}
