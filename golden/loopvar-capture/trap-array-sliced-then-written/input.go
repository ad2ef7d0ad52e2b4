package main

import "fmt"

// a[:] shares a's storage: the write through s after the defer changes a.
func main() {
	for _, a := range [][2]int{{1, 2}, {3, 4}} {
		s := a[:]
		defer func() { fmt.Print(a, " ") }()
		s[0] = 99
	}
}
