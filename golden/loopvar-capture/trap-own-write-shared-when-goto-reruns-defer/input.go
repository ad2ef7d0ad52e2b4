package main

import "fmt"

// The goto runs the defer statement again in the same iteration: both closures share the
// iteration's v in Go 1.22.
func main() {
	for _, v := range []int{1, 2} {
		again := true
	top:
		defer func() {
			v += 10
			fmt.Print(v, " ")
		}()
		if again {
			again = false
			goto top
		}
	}
}
