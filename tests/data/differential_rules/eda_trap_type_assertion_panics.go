// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

func run(v any) {
	start := time.Now()
	defer report(time.Since(start), "v", v.(int)) // want: unsafe
	fmt.Println("work after the defer")
	pause()
}

func main() {
	defer func() { fmt.Println("recovered:", recover() != nil) }()
	run("not an int")
}
