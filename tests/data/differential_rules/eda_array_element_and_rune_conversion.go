// differential: prelude=eda oracle=at-exit
package main

import "time"

func main() {
	start := time.Now()
	arr := [3]int{1, 2, 3}
	n := 65
	defer report(time.Since(start), arr[2], string(rune(n))) // want: safe
	pause()
}
