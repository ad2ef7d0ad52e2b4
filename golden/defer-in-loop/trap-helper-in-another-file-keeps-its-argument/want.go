package main

import "fmt"

// remember (remember.go) stores its argument in the package variable seen, which the code
// after the loop reads: report-only.
func load(names []string) {
	for _, name := range names {
		r := &resource{name: name}
		open++
		defer r.Close()
		remember(r)
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
	for _, r := range seen {
		fmt.Printf("seen %s (closed: %v)\n", r.name, r.closed)
	}
}

func main() {
	load([]string{"a", "b"})
}
