// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	ch := make(chan int, 4)
	defer report(time.Since(start), "queued", len(ch), cap(ch)) // want: unsafe
	ch <- 1
	ch <- 2
	pause()
}
