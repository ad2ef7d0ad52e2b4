// differential: oracle=same
package main

import "fmt"

type guard struct{ name string }

func (g guard) handle() {
	if r := recover(); r != nil {
		fmt.Println(g.name, "handled", r)
	}
}

func run(f func()) {
	defer f()
	panic("boom")
}

func main() {
	g := guard{name: "g"}
	h := g.handle
	func() {
		defer h()
		panic("first")
	}()
	run(g.handle)
	fmt.Println("after both")
}
