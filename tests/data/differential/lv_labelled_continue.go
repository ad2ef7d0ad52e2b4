package main

import "fmt"

func main() {
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			defer func() { fmt.Print(i, j, " ") }() // want: safe
			if j == i {
				continue outer
			}
		}
	}
}
