package main

import "fmt"

type Pool struct{ last *Res }

func (p *Pool) run(names []string) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: none
		p.last = r
		r.Use("now")
	}
	p.last.Use("after")
}

func main() {
	p := &Pool{}
	p.run([]string{"a", "b"})
	fmt.Println("done")
}
