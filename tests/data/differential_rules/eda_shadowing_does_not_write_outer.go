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
	n := 1
	defer report(time.Since(start), "n", n) // want: safe
	{
		n := 2
		n++
		_ = n
	}
	if n := 3; n > 0 {
		fmt.Println("inner", n)
	}
	for n := 0; n < 1; n++ {
		fmt.Println("loop", n)
	}
	pause()
}
