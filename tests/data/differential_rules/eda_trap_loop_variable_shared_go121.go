// differential: prelude=eda oracle=same
//go:build go1.21

package main

import (
	"time"
)

func main() {
	start := time.Now()
	for i := 0; i < 3; i++ {
		defer report(time.Since(start), "i", i) // want: none
	}
	pause()
}
