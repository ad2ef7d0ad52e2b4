package main

import "fmt"

// The write `i += 10` is above the defer, but the goto runs it again after the defer of the
// first pass: with per-iteration variables both closures see the final i.
func main() {
	for i := 0; i < 2; i++ {
		pass := 0
	again:
		if pass == 1 {
			i += 10
		}
		defer func() { fmt.Print(i, " ") }() // want: unsafe
		pass++
		if pass < 2 {
			goto again
		}
	}
}
