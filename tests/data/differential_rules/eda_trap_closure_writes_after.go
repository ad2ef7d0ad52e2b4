// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	n := 1
	inc := func() { n++ }
	defer report(time.Since(start), "n", n) // want: unsafe
	inc()
	pause()
}
