// differential: oracle=same
package main

import "fmt"

type guard struct{ name string }

func (g *guard) handle() {
	if r := recover(); r != nil { // want: none
		fmt.Println(g.name, "handled", r)
	}
}

func risky() {
	g := &guard{name: "g"}
	defer func() {
		fmt.Println("cleaning up")
		g.handle()
	}()
	panic("boom")
}

func main() {
	defer func() { fmt.Println("main recovered:", recover()) }()
	risky()
}
