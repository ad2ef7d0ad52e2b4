package main

import "fmt"

func main() {
	for i := 0; i < 2; i++ {
		defer func( // want: safe
			prefix string,
		) {
			fmt.Print(prefix, i, " ")
		}(
			"a",
		)
	}
	for i := 0; i < 2; i++ {
		defer func( /* none */ ) { fmt.Print("b", i, " ") }( /* none */ ) // want: safe
	}
	for i := 0; i < 2; i++ {
		defer func(n int /* count */) { fmt.Print("c", i, n, " ") }(1 /* one */) // want: safe
	}
	for i := 0; i < 2; i++ {
		go func() {}()
		defer func() { // want: safe
			// another
			fmt.Print("d", i, " ")
		}()
	}
}
