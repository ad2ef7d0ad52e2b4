package main

import "fmt"

func main() {
	ch := make(chan int, 10)
	for i := 0; i < 9; i++ {
		ch <- 10 * (i + 1)
	}
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: unsafe
		select {
		case i = <-ch:
		default:
		}
	}
}
