package main

import "fmt"

func main() {
	for i := 0; i < 6; i++ {
		defer func() { fmt.Println(i) }()
		if i%2 == 0 {
			i++
		}
	}
}
