// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func fill(m map[string]int) { m["x"] = 1 }

func main() {
	start := time.Now()
	m := map[string]int{}
	defer report(time.Since(start), "entries", len(m)) // want: unsafe
	fill(m)
	pause()
}
