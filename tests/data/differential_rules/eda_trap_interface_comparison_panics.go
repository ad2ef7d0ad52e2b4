// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

func run() {
	start := time.Now()
	var a, b any = []int{1}, []int{1}
	defer report(time.Since(start), "equal", a == b) // want: unsafe
	fmt.Println("work after the defer")
	pause()
}

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	run()
}
