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

func count() (n int) {
	start := time.Now()
	defer report(time.Since(start), "n", n) // want: unsafe
	pause()
	return 5
}

func main() {
	fmt.Println(count())
}
