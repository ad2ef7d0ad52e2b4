package main

import (
	"context"
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

// cancel releases ctx, which a goroutine still waits on: cancelling at the end of each
// iteration would stop that goroutine early.
func startAll(names []string, done chan<- string) {
	for _, name := range names {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			<-ctx.Done()
			done <- name
		}()
	}
}

func main() {
	done := make(chan string, 2)
	startAll([]string{"a", "b"}, done)
	got := []string{<-done, <-done}
	fmt.Println(len(got), open)
}
