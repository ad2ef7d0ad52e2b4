package main

import "fmt"

func main() {
	names := []string{"a", "b", "c"}
	for _, name := range names {
		defer func() { fmt.Println("closing", name) }()
		fmt.Println("opening", name)
	}
}
