package main

import "fmt"

func main() {
	keys := []string{"a"}
	values := []int{1, 2}
	defer func() { fmt.Println(len(keys), len(values)) }()
}
