package main

import (
	"fmt"
	"strings"
)

// The iteration waits for the goroutine and then reads w: with Go 1.22 it sees the
// goroutine's change; with a copy it would not.
func main() {
	done := make(chan bool)
	for _, w := range []string{"a", "b"} {
		go func() { // want: unsafe
			w = strings.ToUpper(w)
			done <- true
		}()
		<-done
		fmt.Print(w, " ")
	}
	fmt.Println()
}
