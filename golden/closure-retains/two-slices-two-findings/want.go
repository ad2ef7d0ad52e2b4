package main

import "fmt"

func main() {
	keys := []string{"a"}
	values := []int{1, 2}
	defer func(n int, n2 int) { fmt.Println(n, n2) }(len(keys), len(values))
}
