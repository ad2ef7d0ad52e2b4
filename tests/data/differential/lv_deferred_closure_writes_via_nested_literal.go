package main

import "fmt"

// The deferred closure writes the loop variable (through a nested literal) when the loop is
// over; in Go 1.21 every iteration's closure shares i and sees that write, so a copy changes
// what they print beyond the defect: unsafe (rules.md).
func main() {
	for i := 0; i < 6; i++ {
		defer func() { // want: unsafe
			bump := func() { i++ }
			bump()
			fmt.Print(i, " ")
		}()
	}
}
