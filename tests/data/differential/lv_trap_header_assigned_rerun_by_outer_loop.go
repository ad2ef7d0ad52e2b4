// differential: oracle=same
package main

import "fmt"

// i is shared by the inner loop's header; the outer loop's next round assigns it again
// (i = 100 * round) after the defers of the first round: not the inner loop's own advance.
func main() {
	var i int
	for round := 0; round < 2; round++ {
		i = 100 * round
		for ; i < 100*round+2; i++ {
			defer func() { fmt.Print(i, " ") }() // want: unsafe
		}
	}
}
