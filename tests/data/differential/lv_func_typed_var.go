package main

import "fmt"

func main() {
	fs := []func() int{func() int { return 1 }, func() int { return 2 }}
	for _, f := range fs {
		defer func() { fmt.Print(f(), " ") }() // want: safe
	}
}
