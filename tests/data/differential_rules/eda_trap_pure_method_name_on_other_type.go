// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

type counter struct{ n int }

// Add is not time.Time's Add: it has a side effect.
func (c *counter) Add(d time.Duration) int { c.n++; return c.n }

func main() {
	start := time.Now()
	c := &counter{}
	defer fmt.Println("added", c.Add(time.Since(start))) // want: unsafe
	pause()
	fmt.Println("count before exit", c.n)
}
