package main

import "fmt"

func main() {
	xs := []int{1}
	reset := func() { xs = nil }
	defer func() { fmt.Println(len(xs)) }()
	reset()
}
