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

type recorder struct {
	mu      sync.Mutex
	metrics []string
}

// The lock is taken once, behind a flag, and held for every later iteration on purpose
// (the shape of grpc's interop server, orcaMu): released per iteration, the later
// iterations would write without it. Report only.
func stream(rec *recorder, msgs []string) int {
	hasLock := false
	for _, m := range msgs {
		if m == "" {
			return len(rec.metrics)
		}
		if !hasLock {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			hasLock = true
		}
		rec.metrics = append(rec.metrics, m)
	}
	return len(rec.metrics)
}

func main() {
	fmt.Println(stream(&recorder{}, []string{"a", "b", "c"}))
	r, _ := acquire("unused")
	r.Close()
}
