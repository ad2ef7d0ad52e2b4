package main

import "fmt"

func main() {
	lines := []string{"x", "y", "z"}
	defer func(tag string) { fmt.Println(tag, len(lines)) }("lines:")
}
