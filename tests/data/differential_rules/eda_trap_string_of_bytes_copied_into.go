// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

func main() {
	start := time.Now()
	buf := []byte("abc")
	defer report(time.Since(start), "buf", string(buf)) // want: unsafe
	copy(buf, "xyz")
	pause()
}
