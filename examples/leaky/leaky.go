// Package leaky holds the defers deferfix is for: try `deferfix diff examples/leaky`.
package leaky

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sync"
)

// Checksum reads size bytes, then keeps them in memory until it returns: the deferred
// closure holds data only to print its length, so the buffer cannot be freed while the
// checksum is published.
func Checksum(r io.Reader, size int, publish func(byte)) error {
	data := make([]byte, size)
	if _, err := io.ReadFull(r, data); err != nil {
		return err
	}
	defer func() {
		fmt.Printf("checked %d bytes\n", len(data))
	}()
	var sum byte
	for _, b := range data {
		sum ^= b
	}
	publish(sum) // may take long, and data is still reachable
	return nil
}

// CountLines opens every file before it closes any: each deferred Close waits for the
// function to return, so a long list runs out of file descriptors.
func CountLines(paths []string) (int, error) {
	total := 0
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		n, err := lines(f)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

func lines(r io.Reader) (int, error) {
	n := 0
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		n++
	}
	return n, scanner.Err()
}

// Worker is something to stop.
type Worker struct{ name string }

// Stop stops the worker.
func (w *Worker) Stop() { fmt.Println("stopped", w.name) }

// StopAll stops the workers in reverse order when it returns. Under go 1.21 (go.mod) every
// deferred closure shares the one loop variable i, which is len(workers) by then: each
// call indexes past the end and panics.
func StopAll(workers []*Worker) {
	for i := 0; i < len(workers); i++ {
		defer func() { workers[i].Stop() }()
	}
}

// Registry is a map guarded by a lock.
type Registry struct {
	mu    sync.Mutex
	items map[string]int
}

// Add takes the lock and, by mistake, takes it again at exit: the next caller blocks forever.
func (r *Registry) Add(name string, n int) {
	r.mu.Lock()
	defer r.mu.Lock()
	r.items[name] += n
}
