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
	m := map[string]int{"a": 1, "b": 2}
	defer report(time.Since(start), "entries", len(m)) // want: unsafe
	delete(m, "a")
	clear(m)
	pause()
}
