// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

var requests = 1

func main() {
	start := time.Now()
	defer report(time.Since(start), "requests", requests) // want: unsafe
	requests++
	pause()
}
