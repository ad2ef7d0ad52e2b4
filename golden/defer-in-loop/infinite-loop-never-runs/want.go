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

// A loop with no way out: the deferred calls never run at all. (ack keeps the output in
// order: the server waits for it before its iteration ends.)
func server(requests <-chan string, replies chan<- string, ack <-chan bool) {
	for {
		func() {
			name := <-requests
			r, _ := acquire(name)
			defer r.Close()
			replies <- fmt.Sprintf("%s: %d open", r.name, open)
			<-ack
		}()
	}
}

func main() {
	requests, replies, ack := make(chan string), make(chan string), make(chan bool)
	go server(requests, replies, ack)
	for _, name := range []string{"a", "b", "c"} {
		requests <- name
		fmt.Printf("request %s\n", <-replies)
		ack <- true
	}
	requests <- "last"
	<-replies
}
