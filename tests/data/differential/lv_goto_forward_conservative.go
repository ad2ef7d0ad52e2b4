package main

import "fmt"

// A forward goto cannot run the write again, but any goto in the body makes it unsafe.
func main() {
	for i := 0; i < 6; i++ {
		if i%2 == 1 {
			goto next
		}
		i++
	next:
		defer func() { fmt.Print(i, " ") }() // want: unsafe
	}
}
