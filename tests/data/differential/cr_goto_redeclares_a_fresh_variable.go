// differential: oracle=same
package main

import "fmt"

// Each pass of `data := …` declares a new variable: the closure keeps the first one.
func main() {
	n := 1
again:
	data := make([]int, n)
	if n == 1 {
		defer func() { fmt.Println(len(data)) }() // want: safe
	}
	_ = data
	n++
	if n < 4 {
		goto again
	}
}
