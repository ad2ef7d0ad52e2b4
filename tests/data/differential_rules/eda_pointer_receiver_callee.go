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

type task struct{ name string }

func (t *task) done(d time.Duration) { fmt.Println(t.name, elapsed(d)) }

func main() {
	start := time.Now()
	t := &task{name: "first"}
	defer t.done(time.Since(start)) // want: safe
	t.name = "renamed through the pointer: read at exit either way"
	pause()
}
