// differential: oracle=same
package main

import (
	"fmt"
	"strings"
)

func main() {
	words := strings.Fields("a b c")
	defer func() { fmt.Println("words", len(words)) }() // want: unsafe
	fmt.Println(words)
}
