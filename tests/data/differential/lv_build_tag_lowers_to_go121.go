// differential: go=1.22 oracle=file
//go:build go1.21

package main

import "fmt"

// The go1.21 build constraint gives this file Go 1.21 semantics in a go 1.22 module.
func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
}
