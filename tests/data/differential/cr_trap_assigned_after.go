// differential: oracle=same
package main

import "fmt"

func main() {
	data := []int{1, 2, 3}
	defer func() { fmt.Println(len(data)) }() // want: none
	data = append(data, 4)
}
