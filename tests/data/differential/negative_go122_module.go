// differential: go=1.22
package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }()
	}
	for _, s := range []string{"x", "y"} {
		defer func() { fmt.Print(s, " ") }()
	}
}
