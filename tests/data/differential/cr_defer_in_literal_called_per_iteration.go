// differential: oracle=same
package main

import "fmt"

// The literal runs (and its defer) before the loop goes on: the next assignment comes after.
func main() {
	var data []int
	for k := 1; k <= 3; k++ {
		data = make([]int, k)
		func() {
			defer func() { fmt.Print(len(data), " ") }() // want: safe
		}()
	}
	fmt.Println()
}
