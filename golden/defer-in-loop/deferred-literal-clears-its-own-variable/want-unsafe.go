package main

import "fmt"

// The deferred literal closes the iteration's resource and clears the body's own variable:
// an assignment, but to a variable that dies with the iteration, so running it at the end
// of each iteration changes nothing but when the resource is released.

type resource struct{ name string }

var open int

func acquire(name string) *resource {
	open++
	return &resource{name: name}
}

func (r *resource) Close() error {
	open--
	fmt.Printf("  close %s\n", r.name)
	return nil
}

func process(names []string) {
	for _, name := range names {
		func() {
			r := acquire(name)
			defer func() {
				r.Close()
				r = nil
			}()
			fmt.Printf("using %s, %d open\n", r.name, open)
		}()
	}
}

func main() {
	process([]string{"a", "b", "c"})
	fmt.Printf("at exit: %d open\n", open)
}
