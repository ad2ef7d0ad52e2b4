package main

import "fmt"

func main() {
	for _, m := range []map[string]int{{"a": 1}, {"a": 2}} {
		defer func() { fmt.Print(m["a"], " ") }() // want: safe
		m["a"] *= 5
		delete(m, "b")
	}
}
