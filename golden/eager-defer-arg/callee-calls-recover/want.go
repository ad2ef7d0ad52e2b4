package main

import (
	"fmt"
	"time"
)

// finish records the duration and stops a panic: it must be the deferred function itself.
func finish(d time.Duration) {
	if r := recover(); r != nil {
		fmt.Println("recovered:", r)
	}
	fmt.Println("short:", d < time.Second)
}

func work() {
	start := time.Now()
	defer finish(time.Since(start))
	panic("boom")
}

func main() {
	work()
	fmt.Println("still running")
}
