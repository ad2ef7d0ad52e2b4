package main

import "fmt"

// The address of i is taken before the defer, and the iteration writes through it after:
// the closure sees that write today. Passing i as an argument would freeze the value at the
// defer statement, so the fix must not be safe.
func main() {
	for i := 0; i < 6; i++ {
		p := &i
		defer func() { fmt.Print(i, " ") }()
		*p += 1
	}
	fmt.Println()
}
