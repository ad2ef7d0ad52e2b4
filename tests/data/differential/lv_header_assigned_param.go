// differential: oracle=file
package main

import "fmt"

func countdown(i int) {
	for i = 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
}

func main() { countdown(9) }
