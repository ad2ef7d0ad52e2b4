package main

import "fmt"

func run(names []string) {
	for i, name := range names {
		tick("L")
		r := acquire(name)
		defer func() { // want: safe
			fmt.Println("close note", i)
			r.Close()
		}()
		r.Use(i)
	}
}

func main() {
	run([]string{"a", "b", "c"})
}
