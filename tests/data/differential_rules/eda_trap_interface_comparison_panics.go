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

func run() {
	start := time.Now()
	var a, b any = []int{1}, []int{1}
	defer report(time.Since(start), "equal", a == b) // want: unsafe
	fmt.Println("work after the defer")
	pause()
}

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	run()
}
