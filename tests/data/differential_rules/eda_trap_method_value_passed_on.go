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

type box struct{ n int }

func (b *box) inc() { b.n++ }

func call(f func()) { f() }

func main() {
	start := time.Now()
	b := box{n: 1}
	defer report(time.Since(start), "box", b) // want: unsafe
	call(b.inc)
	pause()
}
