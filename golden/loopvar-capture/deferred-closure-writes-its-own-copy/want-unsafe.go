package main

import "fmt"

// The write i = -1 reaches the other deferred calls because all iterations share i
// (3 -1 -1); with its own copy, as in Go 1.22: 2 1 0. The closures communicate through i,
// so the fix changes more than the capture: unsafe (rules.md).
func main() {
	for i := 0; i < 3; i++ {
		defer func(i int) {
			fmt.Println(i)
			i = -1
		}(i)
	}
}
