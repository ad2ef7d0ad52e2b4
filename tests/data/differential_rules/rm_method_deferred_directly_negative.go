// differential: oracle=same
package main

import "fmt"

type guard struct{ name string }

func (g *guard) handle() {
	if r := recover(); r != nil {
		fmt.Println(g.name, "handled", r)
	}
}

func risky(g *guard) {
	defer g.handle()
	panic("boom")
}

func main() {
	risky(&guard{name: "g"})
	fmt.Println("after risky")
}
