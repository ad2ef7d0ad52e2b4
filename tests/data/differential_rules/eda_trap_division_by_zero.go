// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

func run(total, n int) {
	start := time.Now()
	defer report(time.Since(start), "mean", total/n) // want: unsafe
	fmt.Println("work after the defer")
	pause()
}

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	run(10, 0)
}
