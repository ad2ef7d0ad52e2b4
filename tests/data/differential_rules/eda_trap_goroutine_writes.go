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
	n := 1
	done := make(chan bool)
	go func() {
		<-done
		n = 2
		done <- true
	}()
	defer report(time.Since(start), "n", n) // want: unsafe
	done <- true
	<-done
	pause()
}
