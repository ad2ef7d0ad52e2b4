package main

import "fmt"

// Nothing is released: the deferred calls print in reverse order when the function returns.
func run(names []string) {
	for _, name := range names {
		label := name + "!"
		fmt.Println("start", label)
		defer fmt.Println("end", label) // want: none
	}
}

func main() {
	run([]string{"a", "b", "c"})
}
