package main

import "fmt"

// trace prints on entry and returns the func that prints on exit: meant to be used as
// `defer trace("work")()`.
func trace(name string) func() {
	fmt.Println("enter", name)
	return func() { fmt.Println("exit", name) }
}

func work() {
	defer trace("work")() // the last () is missing: "enter" prints at exit, "exit" never
	fmt.Println("working")
}

func main() {
	work()
	fmt.Println("done")
}
