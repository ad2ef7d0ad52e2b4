package main

import "fmt"

var show []func()

// The deferred closure's write reaches the stored closure of the same iteration (one variable
// per iteration in Go 1.22); with its own copy it would not.
func run() {
	for i := 0; i < 3; i++ {
		show = append(show, func() { fmt.Print(i, " ") })
		defer func(i int) { i += 100 }(i)
	}
}

func main() {
	run()
	for _, f := range show {
		f()
	}
}
