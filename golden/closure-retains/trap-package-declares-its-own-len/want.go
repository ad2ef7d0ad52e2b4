package main

import "fmt"

var calls int

// The package's own len, not the builtin: it counts its calls, so calling it at the defer
// statement instead of at exit would change what the program prints.
func len(xs []int) int {
	calls++
	return calls
}

func main() {
	xs := []int{1, 2, 3}
	defer func() { fmt.Println("len:", len(xs)) }()
	fmt.Println("first:", len(xs))
}
