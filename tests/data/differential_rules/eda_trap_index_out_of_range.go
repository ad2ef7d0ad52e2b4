// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

func run(xs []int, i int) {
	start := time.Now()
	defer report(time.Since(start), "x", xs[i]) // want: unsafe
	fmt.Println("work after the defer")
	pause()
}

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	run([]int{1}, 3)
}
