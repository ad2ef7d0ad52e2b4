package main

import "fmt"

func main() {
	for _, s := range [][]int{{1}, {2}} {
		defer func() { fmt.Print(s, " ") }() // want: safe
		s[0] *= 7
	}
}
