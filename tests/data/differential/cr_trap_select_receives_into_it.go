// differential: oracle=same
package main

import "fmt"

func main() {
	ch := make(chan []int, 1)
	ch <- []int{1, 2, 3, 4}
	data := []int{1}
	defer func() { fmt.Println(len(data)) }() // want: none
	select {
	case data = <-ch:
	default:
	}
}
