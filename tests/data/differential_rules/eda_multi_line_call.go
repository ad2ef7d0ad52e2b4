// differential: prelude=eda oracle=at-exit
package main

import (
	"time"
)

func main() {
	start := time.Now()
	name := "multi"
	defer report( // want: safe
		time.Since(start),
		name,
		"line",
	)
	pause()
}
