package main

import (
	"fmt"
	"strings"
)

// go/types says text is a string (strings.Repeat's result): its length cannot change
// through another reference, so passing len(text) early is safe.
func main() {
	text := strings.Repeat("ab", 3)
	defer func() { fmt.Println(len(text), "bytes") }()
	fmt.Println(text)
}
