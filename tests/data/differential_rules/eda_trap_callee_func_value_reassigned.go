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

func other(d time.Duration, args ...any) { fmt.Println("other callee", elapsed(d)) }

func main() {
	start := time.Now()
	r := report
	defer r(time.Since(start), "via a func value") // want: unsafe
	r = other
	pause()
}
