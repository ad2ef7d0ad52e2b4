package main

import "fmt"

func run(groups [][]string) int {
	n := 0
	for _, g := range groups {
		tick("outer")
		for _, name := range g {
			r := acquire(name)
			defer r.Close() // want: safe
			r.Use("first of group")
			n++
			break
		}
		fmt.Println("group done")
	}
	return n
}

func main() {
	fmt.Println(run([][]string{{"a", "x"}, {"b"}, {}, {"c", "y"}}))
}
