// differential: oracle=same
package main

import "fmt"

// return 7 sets the named result n after the defers: the closures print it.
func f() (n int) {
	for n = 0; n < 3; n++ {
		defer func() { fmt.Print(n, " ") }() // want: unsafe
	}
	return 7
}

func main() { fmt.Println(f()) }
