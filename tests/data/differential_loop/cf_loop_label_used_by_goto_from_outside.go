package main

import "fmt"

func run(names []string, twice bool) int {
	n := 0
	done := false
L:
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		if name == "skip" {
			continue L
		}
		r.Use(n)
		n++
	}
	if twice && !done {
		done = true
		goto L
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "skip", "b"}, false))
	fmt.Println(run([]string{"a", "skip", "b"}, true))
}
