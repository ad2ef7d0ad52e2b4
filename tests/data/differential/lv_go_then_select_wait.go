package main

import "fmt"

func main() {
	results := make(chan int)
	for i := 0; i < 3; i++ {
		go func() { results <- i * 100 }() // want: safe
		select {
		case r := <-results:
			fmt.Println(r)
		}
	}
}
