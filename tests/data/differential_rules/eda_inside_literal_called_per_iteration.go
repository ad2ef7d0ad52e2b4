// differential: prelude=eda oracle=at-exit
package main

import (
	"time"
)

func main() {
	for _, name := range []string{"a", "b"} {
		func() {
			start := time.Now()
			defer report(time.Since(start), name) // want: safe
			pause()
		}()
	}
}
