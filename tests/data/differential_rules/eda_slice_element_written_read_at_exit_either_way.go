// differential: prelude=eda oracle=at-exit
package main

import (
	"time"
)

func main() {
	start := time.Now()
	xs := []int{1, 2}
	defer report(time.Since(start), "xs", xs) // want: safe
	xs[0] = 9
	pause()
}
