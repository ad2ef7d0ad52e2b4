package main

import "fmt"

// The literal declares its own i after reading the loop's: a parameter named i would make
// `i := …` in the same block a compile error.
func main() {
	for i := 0; i < 3; i++ {
		defer func() { // want: safe
			fmt.Print(i, " ")
			i := i * 10
			fmt.Print(i, " ")
		}()
	}
}
