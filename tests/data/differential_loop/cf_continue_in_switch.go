package main

import "fmt"

func process(names []string) (n int) {
	for i, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		switch {
		case i%2 == 0:
			r.Use("even")
			continue
		case name == "x":
			r.Use("x")
			break
		default:
			r.Use("odd")
		}
		n += i
	}
	return
}

func main() {
	fmt.Println(process([]string{"a", "x", "c", "d", "e"}))
}
