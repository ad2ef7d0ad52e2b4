// differential: oracle=same
package main

import "fmt"

func main() {
	var data []int
	n := 1
again:
	data = make([]int, n)
	if n == 1 {
		defer func() { fmt.Println(len(data)) }() // want: none
	}
	n++
	if n < 4 {
		goto again
	}
}
