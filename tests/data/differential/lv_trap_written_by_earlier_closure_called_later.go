package main

import "fmt"

func main() {
	for i := 0; i < 20; i++ {
		skip := func() { i += 5 }
		defer func() { fmt.Print(i, " ") }() // want: unsafe
		skip()
	}
}
