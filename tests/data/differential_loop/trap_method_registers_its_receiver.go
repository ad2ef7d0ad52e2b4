package main

import "fmt"

type Conn struct{ r *Res }

var active []*Conn

func (c *Conn) Register()    { active = append(active, c) }
func (c *Conn) Close() error { return c.r.Close() }

func run(names []string) {
	for _, name := range names {
		tick("L")
		c := &Conn{r: acquire(name)}
		defer c.Close() // want: none
		c.Register()
		c.r.Use("registered")
	}
	for _, c := range active {
		c.r.Use("still active")
	}
}

func main() {
	run([]string{"a", "b"})
	fmt.Println(len(active))
}
