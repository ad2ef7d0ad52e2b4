package main

import (
	"errors"
	"fmt"
	"sync"
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

var locks = map[string]*sync.Mutex{"a": {}, "b": {}}

// byName[k] is a different lock each iteration: the function holds every one until it
// returns (on purpose, like hand-over-hand locking); nothing deadlocks. Report only.
func holdAll(keys []string) {
	for _, k := range keys {
		locks[k].Lock()
		defer locks[k].Unlock()
		fmt.Println("holding", k)
	}
}

func main() {
	holdAll([]string{"a", "b"})
	r, _ := acquire("unused")
	r.Close()
}
