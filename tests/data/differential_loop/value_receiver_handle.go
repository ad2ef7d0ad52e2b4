package main

import "fmt"

func run(names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		h := openHandle(name)
		defer h.Close() // want: safe
		h.Use("value method")
		n++
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "b", "c"}))
}
