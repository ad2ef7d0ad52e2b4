package main

import "fmt"

type tracer struct{ depth int }

func (t *tracer) trace(name string) func() {
	t.depth++
	fmt.Println("enter", name, t.depth)
	return func() {
		fmt.Println("exit", name, t.depth)
		t.depth--
	}
}

func run(t *tracer) {
	defer t.trace("run")
	enter := t.trace
	defer enter("value")
	fmt.Println("running")
}

func main() {
	run(&tracer{})
}
