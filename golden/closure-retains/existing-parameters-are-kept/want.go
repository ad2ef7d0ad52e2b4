package main

import "fmt"

func main() {
	lines := []string{"x", "y", "z"}
	defer func(tag string, n int) { fmt.Println(tag, n) }("lines:", len(lines))
}
