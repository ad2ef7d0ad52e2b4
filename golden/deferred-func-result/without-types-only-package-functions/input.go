package main

import "fmt"

type restore func()

func trace(name string) func() {
	fmt.Println("enter", name)
	return func() { fmt.Println("exit", name) }
}

func setLevel(n int) restore { return func() {} }

type t struct{}

func (t) trace(name string) func() { return func() {} }

func main() {
	var x t
	defer trace("main")  // a package function whose declared result is a func: found
	defer setLevel(2)    // a package type defined as a func type: found
	defer x.trace("m")   // a method: without go/types, not found
	f := trace
	defer f("value")     // a func value: without go/types, not found
	trace := func(string) int { return 0 }
	defer trace("local") // a local named trace returning int: no finding either way
}
