package main

import "fmt"

func run(names []string) (n int) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		if name == "skip" {
			goto end
		}
		if name == "stop" {
			break
		}
		r.Use(n)
		n++
	end:
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "skip", "b", "stop", "c"}))
}
