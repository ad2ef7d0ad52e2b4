// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	n := 1
	p := &n
	defer report(time.Since(start), "n", *p) // want: unsafe
	*p = 2
	pause()
}
