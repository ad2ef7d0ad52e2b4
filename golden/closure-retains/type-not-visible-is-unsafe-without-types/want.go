package main

import "fmt"

func fetch() []string { return []string{"a", "b"} }

func main() {
	items := fetch()
	defer func() { fmt.Println(len(items), "items") }()
}
