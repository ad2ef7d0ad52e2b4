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

func main() {
	start := time.Now()
	var m map[string]int
	defer report(time.Since(start), "k", m["k"]) // want: unsafe
	m = map[string]int{"k": 4}
	pause()
}
