// differential: oracle=same unsafe=changes
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

func fill(s []int) {
	for i := range s {
		s[i] = 7
	}
}

func main() {
	start := time.Now()
	var arr [3]int
	defer report(time.Since(start), "arr", arr) // want: unsafe
	fill(arr[:])
	pause()
}
