package main

import "fmt"

func main() {
	for i := 0; i < 5; i++ {
		defer func() { // want: unsafe
			i += 100
			fmt.Print(i, " ")
		}()
	}
}
