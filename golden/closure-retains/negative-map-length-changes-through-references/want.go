package main

import "fmt"

func main() {
	seen := map[string]bool{}
	defer func() { fmt.Println(len(seen)) }()
	alias := seen
	alias["x"] = true
}
