package main

import "fmt"

type item struct{ n int }

func main() {
	for _, v := range []item{{1}, {2}} {
		defer func() { fmt.Print(v.n, " ") }() // want: unsafe
		v.n += 10
	}
}
