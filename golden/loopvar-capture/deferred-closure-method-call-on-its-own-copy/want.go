package main

import "fmt"

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

func main() {
	counters := []counter{{1}, {2}}
	for _, c := range counters {
		defer func() {
			c.inc()
			fmt.Println(c.n)
		}()
	}
}
