package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
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

// Each iteration's writer flushes into the shared os.Stdout: when the flush runs decides
// the order of the output (the original prints the buffered lines last, in reverse).
func report(names []string) {
	for _, name := range names {
		w := bufio.NewWriter(os.Stdout)
		defer w.Flush()
		fmt.Fprintln(w, "buffered", name)
		fmt.Println("direct", name)
	}
}

func main() {
	report([]string{"a", "b"})
	r, _ := acquire("unused")
	r.Close()
}
