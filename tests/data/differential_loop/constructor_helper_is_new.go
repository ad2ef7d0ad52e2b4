package main

import "fmt"

type Conn struct{ r *Res }

func (c *Conn) Close() error { return c.r.Close() }

func dial(name string) *Conn {
	c := &Conn{r: acquire(name)}
	return c
}

func run(names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		c := dial(name)
		defer c.Close() // want: safe
		c.r.Use("dialed")
		n++
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
}
