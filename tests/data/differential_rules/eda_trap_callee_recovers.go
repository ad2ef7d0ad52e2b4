// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

func finish(d time.Duration, name string) {
	if r := recover(); r != nil {
		fmt.Println(name, "recovered", r)
	}
	fmt.Println(name, elapsed(d))
}

func run() {
	start := time.Now()
	defer finish(time.Since(start), "run") // want: unsafe
	pause()
	panic("boom")
}

func main() {
	defer func() { fmt.Println("main recovered:", recover()) }()
	run()
	fmt.Println("after run")
}
