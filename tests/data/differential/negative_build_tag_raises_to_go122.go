// differential: go=1.21 oracle=same
//go:build go1.22

package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }()
	}
}
