package main

import "fmt"

func main() {
	for i := 0; i < 2; i++ {
		defer func(prefix string) { fmt.Println(prefix, i) }("item")
	}
}
