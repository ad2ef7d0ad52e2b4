// differential: oracle=same
package main

import "fmt"

func total(xs []int) int {
	n := 0
	defer func() { n = -1 }() // want: none
	for _, x := range xs {
		n += x
	}
	return n
}

func main() { fmt.Println("total:", total([]int{1, 2})) }
