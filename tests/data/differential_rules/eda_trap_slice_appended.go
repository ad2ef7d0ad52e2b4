// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	xs := []int{1}
	defer report(time.Since(start), "len", len(xs), "xs", xs) // want: unsafe
	xs = append(xs, 2)
	pause()
}
