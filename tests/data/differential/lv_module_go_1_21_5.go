// differential: go=1.21.5
package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
}
