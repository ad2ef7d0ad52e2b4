package main

import (
	"fmt"
	"time"
)

func report(name string, d time.Duration) {
	fmt.Printf("%s took at least 20ms: %v\n", name, d >= 20*time.Millisecond)
}

func work(name string) {
	start := time.Now()
	defer report(name, time.Since(start))
	time.Sleep(25 * time.Millisecond)
}

func main() {
	work("query")
}
