// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	defer report(time.Since(start), "phase one") // want: unsafe
	pause()
	start = time.Now()
}
