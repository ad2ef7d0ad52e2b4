package main

import "fmt"

func report(sizes map[string]int) {
	for name, size := range sizes {
		defer func(name string, size int) { fmt.Println(name, size) }(name, size)
	}
}

func main() {
	report(map[string]int{"only": 1})
}
