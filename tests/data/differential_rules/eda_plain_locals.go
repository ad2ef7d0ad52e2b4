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

func work(name string, n int) {
	start := time.Now()
	defer report(time.Since(start), name, n, "done", 3*time.Second) // want: safe
	pause()
	fmt.Println("working", name)
}

func main() {
	work("a", 1)
	work("b", 2)
}
