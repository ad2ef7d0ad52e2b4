// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

func other(d time.Duration, args ...any) { fmt.Println("other callee", elapsed(d)) }

func main() {
	start := time.Now()
	r := report
	defer r(time.Since(start), "via a func value") // want: unsafe
	r = other
	pause()
}
