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

type config struct{ name string }

func main() {
	start := time.Now()
	cfg := &config{name: "before"}
	defer report(time.Since(start), "name", cfg.name) // want: unsafe
	cfg.name = "after"
	pause()
}
