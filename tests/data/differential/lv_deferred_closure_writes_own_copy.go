package main

import "fmt"

func main() {
	for i := 0; i < 5; i++ {
		defer func() { // want: safe
			i += 100
			fmt.Print(i, " ")
		}()
	}
}
