// differential: prelude=eda oracle=same unsafe=changes
package main

import "time"

var calls int

// The package's own len, not the builtin: moved to exit, it would run after the later call
// and report 3 where the original reports 1.
func len(xs []int) int {
	calls++
	return calls
}

func main() {
	start := time.Now()
	xs := []int{1}
	defer report(time.Since(start), len(xs)) // want: unsafe
	len(xs)
	len(xs)
	pause()
}
