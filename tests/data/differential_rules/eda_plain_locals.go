// differential: prelude=eda oracle=at-exit
package main

import (
	"fmt"
	"time"
)

func work(name string, n int) {
	start := time.Now()
	defer report(time.Since(start), name, n, "done", 3*time.Second) // want: safe
	pause()
	fmt.Println("working", name)
}

func main() {
	work("a", 1)
	work("b", 2)
}
