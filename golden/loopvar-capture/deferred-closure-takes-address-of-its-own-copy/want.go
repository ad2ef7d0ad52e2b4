package main

import "fmt"

func show(p *int) { fmt.Println(*p) }

// &i inside the deferred closure points at its own copy, as it would point at Go 1.22's
// per-iteration i: nothing else shares that variable once the loop is over.
func main() {
	for i := 0; i < 3; i++ {
		defer func(i int) { show(&i) }(i)
	}
}
