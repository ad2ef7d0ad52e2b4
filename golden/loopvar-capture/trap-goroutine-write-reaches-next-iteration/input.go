package main

import "fmt"

// The goroutine's write happens before the iteration ends, so Go 1.22 carries it into the
// next iteration's variable: the loop skips. With its own copy the write is lost.
func main() {
	done := make(chan bool)
	for i := 0; i < 6; i++ {
		go func() {
			fmt.Print(i, " ")
			i++
			done <- true
		}()
		<-done
	}
	fmt.Println()
}
