// differential: prelude=eda oracle=same unsafe=changes
package main

import "time"

func main() {
	start := time.Now()
	for i := 0; i < 2; i++ {
		v := i * 10
		for j := 0; j < 2; j++ {
			v++
			defer report(time.Since(start), "v", v) // want: unsafe
		}
	}
	pause()
}
