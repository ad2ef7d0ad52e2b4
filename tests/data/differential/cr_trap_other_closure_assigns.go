// differential: oracle=same
package main

import "fmt"

func main() {
	data := "abc"
	reset := func() { data = "" }
	defer func() { fmt.Println(len(data)) }() // want: none
	reset()
}
