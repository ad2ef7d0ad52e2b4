package main

import (
	"fmt"
	"strings"
)

// The deferred call releases nothing: it prints, in reverse order, when the function
// returns. Running it per iteration changes what the program prints.
func run(names []string) {
	for _, name := range names {
		upper := strings.ToUpper(name)
		fmt.Println("start", upper)
		defer fmt.Println("end", upper) // want: none
	}
}

func main() {
	run([]string{"a", "b", "c"})
}
