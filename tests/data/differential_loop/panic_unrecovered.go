package main

import "fmt"

func run(names []string) {
	for i, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		r.Use(i)
		if i == 2 {
			var m map[string]int
			m[name] = i
		}
	}
}

func main() {
	run([]string{"a", "b"})
	fmt.Println("first run ok")
	run([]string{"a", "b", "c", "d"})
}
