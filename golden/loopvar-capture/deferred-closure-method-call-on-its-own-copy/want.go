package main

import "fmt"

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

// c.inc() may write c, but the deferred closure runs after the loop and no other closure
// or pointer shares c: its own copy behaves as Go 1.22's per-iteration c (3 2, not 3 4).
func main() {
	counters := []counter{{1}, {2}}
	for _, c := range counters {
		defer func(c counter) {
			c.inc()
			fmt.Println(c.n)
		}(c)
	}
}
