// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

type point struct{ x, y int }

func main() {
	start := time.Now()
	x, y := 1, 2
	defer report(time.Since(start), point{x: x, y: y}) // want: unsafe
	y = 5
	pause()
}
