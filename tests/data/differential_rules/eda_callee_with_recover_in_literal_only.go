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

func finish(d time.Duration, name string) {
	func() {
		_ = recover() // want: none (a nested literal: does nothing either way)
	}()
	fmt.Println(name, elapsed(d))
}

func main() {
	start := time.Now()
	defer finish(time.Since(start), "run") // want: safe
	pause()
}
