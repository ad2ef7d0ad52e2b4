package main

import "fmt"

func run(names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		switch name {
		case "stop":
			return n
		default:
			r.Use("default")
			break
		}
		n++
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "b", "stop", "c"}))
}
