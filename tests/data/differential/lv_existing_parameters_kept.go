package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func(prefix string, n int) { fmt.Print(prefix, i, n, " ") }("#", i*2) // want: safe
	}
}
