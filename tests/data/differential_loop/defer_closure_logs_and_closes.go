package main

import "fmt"

func run(names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer func() { // want: safe
			fmt.Println("close log", r.Name())
			r.Close()
		}()
		r.Use("work")
		n++
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
}
