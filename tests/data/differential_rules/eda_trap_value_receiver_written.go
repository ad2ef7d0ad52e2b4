// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

type task struct{ name string }

func (t task) done(d time.Duration) { fmt.Println(t.name, elapsed(d)) }

func main() {
	start := time.Now()
	t := task{name: "first"}
	defer t.done(time.Since(start)) // want: unsafe
	t.name = "second"
	pause()
}
