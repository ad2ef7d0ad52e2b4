// differential: go=1.22 oracle=file
package main

import "fmt"

func main() {
	var i int
	for i = range 3 {
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
}
