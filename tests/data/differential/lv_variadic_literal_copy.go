package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func(xs ...int) { fmt.Print(i, len(xs), " ") }(1, 2) // want: safe
	}
}
