// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	v := 1
	ch := make(chan int, 1)
	ch <- 5
	defer report(time.Since(start), "v", v) // want: unsafe
	select {
	case v = <-ch:
	}
	pause()
}
