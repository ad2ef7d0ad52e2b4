package main

import "fmt"

func report(sizes map[string]int) {
	for name, size := range sizes {
		defer func() { fmt.Println(name, size) }()
	}
}

func main() {
	report(map[string]int{"only": 1})
}
