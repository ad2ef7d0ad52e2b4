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
	t0 := start.UnixNano()
	defer report(time.Now().Sub(start), "sub")                           // want: safe
	defer report(time.Duration(time.Now().UnixNano()-t0), "conversion")  // want: safe
	defer report(time.Since(start).Round(time.Millisecond), "round")     // want: safe
	defer report(time.Since(start.Add(-time.Nanosecond)), "added start") // want: safe
	pause()
}
