package main

import "fmt"

func main() {
	var ptrs []*int
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: unsafe
		ptrs = append(ptrs, &i)
	}
	*ptrs[0] = 40
}
