package main

import "fmt"

// The write i = -1 reaches the other deferred calls only because all iterations share i
// (3 -1 -1): that is the defect. With its own copy, as in Go 1.22: 2 1 0.
func main() {
	for i := 0; i < 3; i++ {
		defer func(i int) {
			fmt.Println(i)
			i = -1
		}(i)
	}
}
