package main

import "fmt"

func next() string { return "package next" }

func walk(names []string) (next int, flow string) {
	for i, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		r.Use(i)
		if name == "b" {
			flow = "broke at b"
			break
		}
		if name == "x" {
			return -1, "returned at x"
		}
		next += i
	}
	return next, flow
}

func main() {
	fmt.Println(next())
	fmt.Println(walk([]string{"a", "c", "b", "d"}))
	fmt.Println(walk([]string{"a", "x", "b"}))
}
