package main

import "fmt"

// The goroutine writes through the pointer and then reads i: per-iteration i sees the write,
// a copy passed as an argument would not.
func main() {
	done := make(chan bool)
	for i := 0; i < 3; i++ {
		go func(p *int) { // want: unsafe
			*p += 10
			fmt.Print(i, " ")
			done <- true
		}(&i)
		<-done
	}
	fmt.Println()
}
