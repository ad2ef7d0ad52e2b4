// differential: prelude=eda oracle=same unsafe=changes
package main

import "time"

func main() {
	start := time.Now()
	ch := make(chan int, 2)
	ch <- 1
	defer report(time.Since(start), "got", <-ch) // want: unsafe
	ch <- 2
	<-ch
	pause()
}
