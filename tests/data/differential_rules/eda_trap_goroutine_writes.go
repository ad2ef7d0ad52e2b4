// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	n := 1
	done := make(chan bool)
	go func() {
		<-done
		n = 2
		done <- true
	}()
	defer report(time.Since(start), "n", n) // want: unsafe
	done <- true
	<-done
	pause()
}
