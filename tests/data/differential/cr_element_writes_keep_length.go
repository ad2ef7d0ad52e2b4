// differential: oracle=same
package main

import "fmt"

func main() {
	data := make([]int, 4)
	defer func() { fmt.Println(len(data), cap(data)) }() // want: safe
	data[0] = 1
	view := data[1:]
	view[0] = 2
	fmt.Println(data)
}
