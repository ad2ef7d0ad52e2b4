// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	n := 1
	defer report(time.Since(start), "n", n) // want: unsafe
	n = 2
	pause()
	_ = n
}
