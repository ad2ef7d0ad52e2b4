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

func main() {
	start := time.Now()
	xs := []int{1, 2}
	defer report(time.Since(start), "xs", xs) // want: safe
	xs[0] = 9
	pause()
}
