// differential: oracle=file
package main

import "fmt"

type level int

func (l level) countdown() {
	for l = 0; l < 3; l++ {
		defer func() { fmt.Print(l, " ") }() // want: safe
	}
}

func main() { level(9).countdown() }
