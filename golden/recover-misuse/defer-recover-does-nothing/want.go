package main

import "fmt"

func mustNotCrash(work func()) {
	defer recover() // meant to swallow panics from work
	work()
}

func main() {
	fmt.Println("before")
	mustNotCrash(func() { panic("boom") })
	fmt.Println("after")
}
