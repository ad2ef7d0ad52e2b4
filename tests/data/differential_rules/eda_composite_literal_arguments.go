// differential: prelude=eda oracle=at-exit
package main

import (
	"time"
)

type point struct{ x, y int }

func main() {
	start := time.Now()
	x, y := 1, 2
	defer report(time.Since(start), point{x: x, y: y}, []int{x, y}, map[string]int{"x": x}) // want: safe
	pause()
}
