package main

import "fmt"

func run(names []string, out chan *Res) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: none
		out <- r
	}
	close(out)
	for r := range out {
		r.Use("received")
	}
}

func main() {
	run([]string{"a", "b"}, make(chan *Res, 2))
	fmt.Println("done")
}
