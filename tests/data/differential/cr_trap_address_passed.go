// differential: oracle=same
package main

import "fmt"

func grow(p *[]int) { *p = append(*p, 1, 2) }

func main() {
	data := []int{0}
	defer func() { fmt.Println(len(data)) }() // want: none
	grow(&data)
}
