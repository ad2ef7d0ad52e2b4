package main

import "fmt"

func main() {
	for i := 0; i < 20; i++ {
		for k := 0; k < 2; k++ {
			i += k
			defer func() { fmt.Print(i, " ") }() // want: unsafe
		}
	}
}
