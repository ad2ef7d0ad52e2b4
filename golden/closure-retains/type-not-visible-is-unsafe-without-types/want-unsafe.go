package main

import "fmt"

func fetch() []string { return []string{"a", "b"} }

func main() {
	items := fetch()
	defer func(n int) { fmt.Println(n, "items") }(len(items))
}
