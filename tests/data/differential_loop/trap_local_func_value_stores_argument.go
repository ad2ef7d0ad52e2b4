package main

import "fmt"

var last *Res

// The body's own func values store their argument outside the loop.
func run(names []string) {
	var kept []*Res
	for _, name := range names {
		tick("L")
		keep := func(x *Res) { kept = append(kept, x) }
		r := acquire(name)
		defer r.Close() // want: none
		keep(r)
	}
	for _, name := range names {
		tick("M")
		r := acquire(name + "2")
		defer r.Close() // want: none
		func(x *Res) { last = x }(r)
	}
	for _, r := range kept {
		r.Use("kept")
	}
	last.Use("last")
}

func main() {
	run([]string{"a", "b"})
	fmt.Println(show([]string{"x", "yy"}))
	fmt.Println("done")
}

func show(names []string) int {
	n := 0
	for _, name := range names {
		tick("S")
		use := func(x *Res) { x.Use("shown") }
		r := acquire(name)
		defer r.Close() // want: safe
		use(r)
		func(x *Res) { n += len(x.Name()) }(r)
	}
	return n
}


