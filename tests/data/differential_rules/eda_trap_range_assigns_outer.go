// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	v := 0
	defer report(time.Since(start), "v", v) // want: unsafe
	for _, v = range []int{4, 5} {
	}
	pause()
}
