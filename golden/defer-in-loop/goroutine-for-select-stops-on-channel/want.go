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

// A worker goroutine loops until done is closed; each job's resource stays open until the
// goroutine returns. (ack keeps the output in order: the worker waits for it.)
func worker(jobs <-chan string, done <-chan struct{}, reports chan<- string, ack <-chan bool,
	finished chan<- struct{}) {
	defer close(finished)
	for {
		if stop := func() bool {
			select {
			case <-done:
				return true
			case name := <-jobs:
				r, err := acquire(name)
				if err != nil {
					reports <- err.Error()
					<-ack
					return false
				}
				defer r.Close()
				reports <- fmt.Sprintf("%s: %d open", r.name, open)
				<-ack
			}
			return false
		}(); stop {
			return
		}
	}
}

func main() {
	jobs, done := make(chan string), make(chan struct{})
	reports, ack, finished := make(chan string), make(chan bool), make(chan struct{})
	go worker(jobs, done, reports, ack, finished)
	for _, name := range []string{"a", "", "b", "c"} {
		jobs <- name
		fmt.Printf("job %q: %s\n", name, <-reports)
		ack <- true
	}
	close(done)
	<-finished
	fmt.Printf("worker stopped: %d open\n", open)
}
