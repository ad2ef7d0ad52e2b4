// differential: oracle=same
package main

import "fmt"

func main() {
	var i int
	for i = 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: unsafe
	}
	i = 42
}
