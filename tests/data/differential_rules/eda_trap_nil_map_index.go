// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	var m map[string]int
	defer report(time.Since(start), "k", m["k"]) // want: unsafe
	m = map[string]int{"k": 4}
	pause()
}
