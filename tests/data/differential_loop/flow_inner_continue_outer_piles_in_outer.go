package main

import "fmt"

// After the defer the inner loop always continues the outer one: nothing piles up per inner
// iteration, but one close per outer iteration waits for the function's return.
func run(groups [][]string) int {
	n := 0
outer:
	for _, g := range groups {
		tick("outer")
		for _, name := range g {
			r := acquire(name)
			defer r.Close() // want: safe
			r.Use("first of group")
			n++
			continue outer
		}
	}
	return n
}

func main() {
	fmt.Println(run([][]string{{"a", "x"}, {"b"}, {}, {"c", "y"}}))
}
