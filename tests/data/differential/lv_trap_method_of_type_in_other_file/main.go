package main

import "fmt"

// c.Bump is a method declared in another file with a pointer receiver.
func main() {
	var later []func()
	for _, c := range []Counter{{1}, {5}} {
		defer func() { fmt.Print(c.N, " ") }() // want: unsafe
		later = append(later, c.Bump)
	}
	for _, f := range later {
		f()
	}
}
