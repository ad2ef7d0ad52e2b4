package main

import "fmt"

type Item struct {
	mu   Lock
	name string
}

// Hand-over-hand: each element has its own lock, all held until the function returns.
func run(items []*Item) {
	for _, it := range items {
		tick("L")
		it.mu.Lock()
		defer it.mu.Unlock() // want: none
		fmt.Println("holding", it.name)
	}
	for _, it := range items {
		fmt.Println(it.name, "still held:", it.mu.Held())
	}
}

func main() {
	run([]*Item{{name: "a"}, {name: "b"}})
}
