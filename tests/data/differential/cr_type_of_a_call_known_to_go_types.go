// differential: oracle=same
package main

import (
	"fmt"
	"strings"
)

// The type of words is not written, but go/types says []string (strings.Fields): a slice,
// whose length cannot change through another reference. Without types it is unsafe.
func main() {
	words := strings.Fields("a b c")
	defer func() { fmt.Println("words", len(words)) }() // want: safe
	fmt.Println(words)
}
