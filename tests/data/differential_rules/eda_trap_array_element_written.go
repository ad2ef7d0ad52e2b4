// differential: prelude=eda oracle=same unsafe=changes
package main

import "time"

func main() {
	start := time.Now()
	arr := [3]int{1, 2, 3}
	defer report(time.Since(start), arr[0]) // want: unsafe
	for i := range arr {
		arr[i] *= 10
	}
	pause()
}
