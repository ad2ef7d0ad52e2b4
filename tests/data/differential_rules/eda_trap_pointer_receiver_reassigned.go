// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

type task struct{ name string }

func (t *task) done(d time.Duration) { fmt.Println(t.name, elapsed(d)) }

func main() {
	start := time.Now()
	a, b := &task{name: "a"}, &task{name: "b"}
	t := a
	defer t.done(time.Since(start)) // want: unsafe
	t = b
	pause()
}
