// differential: prelude=eda oracle=same unsafe=changes
package main

import "time"

func main() {
	start := time.Now()
	count := 0
outer:
	for i := 0; i < 3; i++ {
		defer report(time.Since(start), "count", count) // want: unsafe
		for {
			count++
			continue outer
		}
	}
	pause()
}
