package main

import "fmt"

// The argument (r.Close()) runs at the defer statement; only the printing is deferred.
func run(names []string) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		r.Use("work")
		defer fmt.Println("closed with", r.Close()) // want: none
	}
}

func main() {
	run([]string{"a", "b"})
}
