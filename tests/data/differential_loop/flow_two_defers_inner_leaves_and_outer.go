package main

import "fmt"

func run(groups [][]string) int {
	n := 0
	for i, g := range groups {
		tick("outer")
		head := acquire(fmt.Sprint("head", i))
		defer head.Close() // want: safe
		for _, name := range g {
			r := acquire(name)
			defer r.Close() // want: safe
			r.Use(head.Name())
			n++
			break
		}
	}
	return n
}

func main() {
	fmt.Println(run([][]string{{"a", "x"}, {"b"}, {}}))
}
