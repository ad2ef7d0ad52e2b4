package main

import "fmt"

// openTracked (tracker.go) keeps the last resource it made in the package variable last,
// which the code after the loop reads: report-only.
func load(names []string) {
	for _, name := range names {
		r := openTracked(name)
		defer r.Close()
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
	fmt.Printf("last: %s (closed: %v)\n", last.name, last.closed)
}

func main() {
	load([]string{"a", "b"})
}
