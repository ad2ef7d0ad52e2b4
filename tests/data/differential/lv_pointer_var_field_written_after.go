package main

import "fmt"

type node struct{ n int }

// v is a pointer: v.n++ after the defer changes the shared node, not v, in both versions.
func main() {
	for _, v := range []*node{{1}, {2}} {
		defer func() { fmt.Print(v.n, " ") }() // want: safe
		v.n += 10
	}
}
