package main

import "fmt"

// Deferring a nil func panics when the deferred call runs, not at the defer statement (as
// the runtime's own tests check): per iteration, the panic would move.
func check() (state int) {
	defer func() {
		fmt.Println("recovered:", recover() != nil, "state:", state)
	}()
	for i := 0; i < 1; i++ {
		var f func()
		defer f()
	}
	state = 2
	return state
}

func main() {
	check()
}
