// differential: go=1.22.0 oracle=same
package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }()
	}
}
