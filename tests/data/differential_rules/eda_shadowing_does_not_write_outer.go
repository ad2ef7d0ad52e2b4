// differential: prelude=eda oracle=at-exit
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	n := 1
	defer report(time.Since(start), "n", n) // want: safe
	{
		n := 2
		n++
		_ = n
	}
	if n := 3; n > 0 {
		fmt.Println("inner", n)
	}
	for n := 0; n < 1; n++ {
		fmt.Println("loop", n)
	}
	pause()
}
