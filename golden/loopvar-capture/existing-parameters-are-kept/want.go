package main

import "fmt"

func main() {
	for i := 0; i < 2; i++ {
		defer func(prefix string, i int) { fmt.Println(prefix, i) }("item", i)
	}
}
