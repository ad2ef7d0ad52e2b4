// differential: oracle=at-exit
package main

import (
	"fmt"
	"time"
)

func elapsed(d time.Duration) string {
	if d >= 25*time.Millisecond {
		return "elapsed=long"
	}
	return "elapsed=short"
}

func report(d time.Duration, args ...any) { fmt.Println(append([]any{elapsed(d)}, args...)...) }

func pause() { time.Sleep(50 * time.Millisecond) }

type point struct{ x, y int }

func main() {
	start := time.Now()
	x, y := 1, 2
	defer report(time.Since(start), point{x: x, y: y}, []int{x, y}, map[string]int{"x": x}) // want: safe
	pause()
}
