// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func fill(s []int) {
	for i := range s {
		s[i] = 7
	}
}

func main() {
	start := time.Now()
	var arr [3]int
	defer report(time.Since(start), "arr", arr) // want: unsafe
	fill(arr[:])
	pause()
}
