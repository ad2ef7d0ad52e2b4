package main

import "fmt"

func main() {
	names := []string{"a", "b", "c"}
	for _, name := range names {
		defer func(name string) { fmt.Println("closing", name) }(name)
		fmt.Println("opening", name)
	}
}
