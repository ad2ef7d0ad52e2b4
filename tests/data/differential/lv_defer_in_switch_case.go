package main

import "fmt"

func main() {
	for i := 0; i < 4; i++ {
		switch {
		case i%2 == 0:
			defer func() { fmt.Print("even", i, " ") }() // want: safe
		default:
			defer func() { fmt.Print("odd", i, " ") }() // want: safe
		}
	}
}
