// differential: prelude=eda oracle=same unsafe=changes
package main

import "time"

func pair(n int) (int, error) { return n, nil }

func main() {
	start := time.Now()
	n, err := pair(1)
	defer report(time.Since(start), "n", n, err) // want: unsafe
	n, err2 := pair(2)
	_ = err2
	pause()
}
