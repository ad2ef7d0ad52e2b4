// differential: prelude=eda oracle=at-exit
package main

import "time"

func main() {
	start := time.Now()
	for i := 0; i < 3; i++ {
		sq := i * i
		label := "sq"
		defer report(time.Since(start), label, sq) // want: safe
	}
	pause()
}
