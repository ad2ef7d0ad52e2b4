package main

import "fmt"

func main() {
	done := make(chan int)
	for i := 0; i < 3; i++ {
		go func() { done <- i * 10 }() // want: safe
		fmt.Println(<-done)
	}
}
