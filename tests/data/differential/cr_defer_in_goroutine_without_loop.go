// differential: oracle=same
package main

import "fmt"

func main() {
	data := make([]int, 7)
	done := make(chan bool)
	go func() {
		defer func() { fmt.Println(len(data)); done <- true }() // want: safe
	}()
	<-done
}
