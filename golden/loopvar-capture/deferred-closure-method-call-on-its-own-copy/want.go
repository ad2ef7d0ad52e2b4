package main

import "fmt"

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

// c.inc() may write c, which the deferred closures of both iterations share in Go 1.21 (the
// second sees the first's increment: 3 4); with its own copy each prints 3 2. The closures
// communicate through c, so the fix is unsafe.
func main() {
	counters := []counter{{1}, {2}}
	for _, c := range counters {
		defer func() {
			c.inc()
			fmt.Println(c.n)
		}()
	}
}
