// differential: prelude=eda oracle=at-exit
package main

import (
	"time"
)

func main() {
	start := time.Now()
	for i := 0; i < 3; i++ {
		defer report(time.Since(start), "i", i) // want: safe
	}
	for _, s := range []string{"x", "y"} {
		defer report(time.Since(start), "s", s) // want: safe
	}
	pause()
}
