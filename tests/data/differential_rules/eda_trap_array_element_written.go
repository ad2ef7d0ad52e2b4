// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	arr := [2]int{1, 2}
	defer report(time.Since(start), "arr", arr) // want: unsafe
	arr[0] = 9
	pause()
}
