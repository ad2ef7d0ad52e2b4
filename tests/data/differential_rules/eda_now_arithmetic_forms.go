// differential: prelude=eda oracle=at-exit
package main

import (
	"time"
)

func main() {
	start := time.Now()
	t0 := start.UnixNano()
	defer report(time.Now().Sub(start), "sub")                           // want: safe
	defer report(time.Duration(time.Now().UnixNano()-t0), "conversion")  // want: safe
	defer report(time.Since(start).Round(time.Millisecond), "round")     // want: safe
	defer report(time.Since(start.Add(-time.Nanosecond)), "added start") // want: safe
	pause()
}
