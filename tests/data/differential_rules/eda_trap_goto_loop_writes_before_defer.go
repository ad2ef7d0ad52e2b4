// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	v := 0
again:
	v++
	defer report(time.Since(start), "pass", v) // want: unsafe
	if v < 3 {
		goto again
	}
	pause()
}
