package main

import "fmt"

// The deferred closure writes the loop variable (through a nested literal) when the loop is
// over: with per-iteration variables that write stays with the closure, as with a copy.
func main() {
	for i := 0; i < 6; i++ {
		defer func() { // want: safe
			bump := func() { i++ }
			bump()
			fmt.Print(i, " ")
		}()
	}
}
