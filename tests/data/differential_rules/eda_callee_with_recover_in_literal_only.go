// differential: prelude=eda oracle=at-exit
package main

import (
	"fmt"
	"time"
)

func finish(d time.Duration, name string) {
	func() {
		_ = recover() // want: none (a nested literal: does nothing either way)
	}()
	fmt.Println(name, elapsed(d))
}

func main() {
	start := time.Now()
	defer finish(time.Since(start), "run") // want: safe
	pause()
}
