// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

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
