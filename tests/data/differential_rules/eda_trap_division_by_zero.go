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

func run(total, n int) {
	start := time.Now()
	defer report(time.Since(start), "mean", total/n) // want: unsafe
	fmt.Println("work after the defer")
	pause()
}

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	run(10, 0)
}
