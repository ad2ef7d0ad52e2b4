package main

import "fmt"

func process(names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		if len(name) > 2 {
			continue
		}
		r.Use("short")
		n++
	}
	return n
}

func main() {
	fmt.Println(process([]string{"a", "bbb", "c", "dddd"}))
}
