// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

func run(s []int) {
	start := time.Now()
	defer report(time.Since(start), "arr", [2]int(s)) // want: unsafe
	fmt.Println("work after the defer")
	pause()
}

func main() {
	defer func() { fmt.Println("recovered:", recover() != nil) }()
	run([]int{1})
}
