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

// A loop with no way out: the original runs its deferred calls only if a panic unwinds.
// Nothing but the deferred call uses the lease, yet "holding it until the function returns
// may be the point" cannot apply, since the function never returns: the fix is safe.
// (ack keeps the output in order: the holder waits for it before its iteration ends.)
func holder(requests <-chan string, held chan<- int, ack <-chan bool) {
	for {
		name := <-requests
		lease, _ := acquire(name)
		defer lease.Close()
		held <- open
		<-ack
	}
}

func main() {
	requests, held, ack := make(chan string), make(chan int), make(chan bool)
	go holder(requests, held, ack)
	for _, name := range []string{"a", "b", "c"} {
		requests <- name
		fmt.Printf("lease %s: %d held\n", name, <-held)
		ack <- true
	}
	requests <- "last"
	<-held
}
