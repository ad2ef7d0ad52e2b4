// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	m := map[string]int{"a": 1, "b": 2}
	defer report(time.Since(start), "entries", len(m)) // want: unsafe
	delete(m, "a")
	clear(m)
	pause()
}
