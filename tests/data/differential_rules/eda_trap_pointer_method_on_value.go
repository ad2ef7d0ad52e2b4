// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

type box struct{ n int }

func (b *box) inc() { b.n++ }

func main() {
	start := time.Now()
	b := box{n: 1}
	defer report(time.Since(start), "n", b.n) // want: unsafe
	b.inc()
	pause()
}
