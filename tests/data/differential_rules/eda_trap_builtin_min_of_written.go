// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	a, b := 3, 4
	defer report(time.Since(start), "min", min(a, b), "sum", a+b) // want: unsafe
	a = 1
	pause()
}
