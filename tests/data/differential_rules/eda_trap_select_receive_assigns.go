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
	v := 1
	ch := make(chan int, 1)
	ch <- 5
	defer report(time.Since(start), "v", v) // want: unsafe
	select {
	case v = <-ch:
	}
	pause()
}
