// differential: oracle=same
package main

import "fmt"

func summary(name string, buf []int) {
	defer func() { fmt.Println("name", len(name)) }() // want: safe
	defer func() { fmt.Println("buf", len(buf), cap(buf)) }() // want: unsafe (cap of a parameter)
	buf[0] = 9
}

func main() { summary("gopher", make([]int, 3, 8)) }
