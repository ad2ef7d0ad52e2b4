package main

import "fmt"

func process(names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		attempts := 0
	retry:
		attempts++
		r.Use("attempt", attempts)
		if attempts < len(name) {
			goto retry
		}
		if name == "skip" {
			goto end
		}
		n += attempts
	end:
		r.Use("end")
	}
	return n
}

func main() {
	fmt.Println(process([]string{"a", "bb", "skip", "ccc"}))
}
