// differential: prelude=eda oracle=at-exit
package main

import (
	"time"
)

func main() {
	start := time.Now()
	msg := "a"
	defer report(time.Since(start), msg+"!", len(msg), -len(msg), !(msg == "b")) // want: safe
	pause()
}
