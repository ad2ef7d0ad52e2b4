package main

import "fmt"

func show(p *int) { fmt.Println(*p) }

// &i inside the deferred closure points at the i every iteration's closure shares in Go
// 1.21; with a copy it points at the closure's own. Taking the address lets the closures
// communicate through it, so the fix is unsafe (rules.md), though show only reads it.
func main() {
	for i := 0; i < 3; i++ {
		defer func(i int) { show(&i) }(i)
	}
}
