// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func set(p *int) { *p = 2 }

func main() {
	start := time.Now()
	n := 1
	p := &n
	defer report(time.Since(start), "n", n) // want: unsafe
	set(p)
	pause()
}
