package main

import "fmt"

type Fragile struct{ r *Res }

func (f *Fragile) Close() {
	f.r.Close()
	if f.r.Name() == "x" {
		panic("close of x failed")
	}
}

// A deferred call that panics: in the original the panic comes when the function returns
// (after every iteration's output); after the fix it comes at the end of the iteration.
func run(names []string) {
	for _, name := range names {
		tick("L")
		f := &Fragile{acquire(name)}
		defer f.Close() // want: unsafe
		f.r.Use("work")
	}
	fmt.Println("loop done")
}

func main() {
	defer func() { fmt.Println("main recovered:", recover()) }()
	run([]string{"a", "x", "b"})
}
