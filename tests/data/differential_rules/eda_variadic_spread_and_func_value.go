// differential: prelude=eda oracle=at-exit
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	xs := []any{"a", 1}
	f := fmt.Sprint
	defer report(time.Since(start), xs...)    // want: safe
	defer report(time.Since(start), f != nil) // want: safe
	xs[0] = "changed through the shared array: read at exit either way"
	pause()
}
