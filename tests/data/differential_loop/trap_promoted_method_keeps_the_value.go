package main

import "fmt"

type Base struct{ r *Res }

var tracked []*Base

func (b *Base) track() { tracked = append(tracked, b) }

// Conn gets track from the embedded Base: the method keeps the value in a package slice.
type Conn struct{ *Base }

func (c Conn) Close() error { return c.r.Close() }

func run(names []string) {
	for _, name := range names {
		tick("L")
		c := Conn{&Base{r: acquire(name)}}
		defer c.Close() // want: none
		c.track()
		c.r.Use("tracked")
	}
	for _, b := range tracked {
		b.r.Use("after")
	}
}

func main() {
	run([]string{"a", "b"})
	fmt.Println(len(tracked))
}
