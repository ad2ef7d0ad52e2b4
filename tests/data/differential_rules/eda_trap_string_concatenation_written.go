// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	msg := "a"
	defer report(time.Since(start), msg+"!") // want: unsafe
	msg += "b"
	pause()
}
