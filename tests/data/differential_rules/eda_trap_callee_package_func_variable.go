// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

var sink = func(d time.Duration, what string) { fmt.Println("sink", elapsed(d), what) }

func main() {
	start := time.Now()
	defer sink(time.Since(start), "first") // want: unsafe
	sink = func(d time.Duration, what string) { fmt.Println("replaced sink", what) }
	pause()
}
