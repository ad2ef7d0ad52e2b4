// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	total := 0
	for i := 1; i <= 3; i++ {
		total += i
		defer report(time.Since(start), "total", total) // want: unsafe
	}
	pause()
}
