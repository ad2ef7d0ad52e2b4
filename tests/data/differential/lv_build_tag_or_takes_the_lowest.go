// differential: go=1.22 oracle=file
//go:build go1.23 || go1.21

package main

import "fmt"

// The lowest version the constraint allows is go1.21: shared loop variables.
func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
}
