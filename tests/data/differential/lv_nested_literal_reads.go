package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { // want: safe
			show := func() { fmt.Print(i, " ") }
			show()
		}()
	}
}
