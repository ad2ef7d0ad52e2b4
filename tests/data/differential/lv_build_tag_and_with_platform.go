// differential: go=1.23 oracle=file
//go:build (linux || darwin || windows || freebsd) && go1.21

package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
}
