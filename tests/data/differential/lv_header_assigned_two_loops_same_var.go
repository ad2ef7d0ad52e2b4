// differential: oracle=file
package main

import "fmt"

// Two loops assign the same outer i; the second loop's writes come after the first loop's
// defers: unsafe for those, safe for the second loop's.
func main() {
	var i int
	for i = 0; i < 2; i++ {
		defer func() { fmt.Print("a", i, " ") }() // want: unsafe
	}
	for i = 10; i < 12; i++ {
		defer func() { fmt.Print("b", i, " ") }() // want: safe
	}
}
