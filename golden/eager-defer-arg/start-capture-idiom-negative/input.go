package main

import (
	"fmt"
	"time"
)

// track is deferred with the start time on purpose: time.Now() is meant to run at the defer.
func track(start time.Time, name string) {
	fmt.Printf("%s took at least 20ms: %v\n", name, time.Since(start) >= 20*time.Millisecond)
}

func work() {
	defer track(time.Now(), "work")
	time.Sleep(25 * time.Millisecond)
}

func stamp() {
	defer fmt.Println("started at a positive time:", time.Now().Unix() > 0)
}

func main() {
	work()
	stamp()
}
