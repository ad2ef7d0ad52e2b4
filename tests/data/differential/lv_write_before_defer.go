package main

import "fmt"

func main() {
	for i := 1; i < 20; i++ {
		i *= 3
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
}
