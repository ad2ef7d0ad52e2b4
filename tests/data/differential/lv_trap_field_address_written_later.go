package main

import "fmt"

type item struct{ n int }

func main() {
	var ptrs []*int
	for _, v := range []item{{1}, {2}} {
		ptrs = append(ptrs, &v.n)
		defer func() { fmt.Print(v.n, " ") }() // want: unsafe
	}
	for _, p := range ptrs {
		*p += 100
	}
}
