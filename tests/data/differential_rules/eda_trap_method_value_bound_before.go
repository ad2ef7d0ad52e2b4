// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

type box struct{ n int }

func (b *box) inc() { b.n++ }

func main() {
	start := time.Now()
	var b box
	inc := b.inc
	defer report(time.Since(start), "box", b) // want: unsafe
	inc()
	pause()
}
