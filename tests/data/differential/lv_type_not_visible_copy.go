package main

import (
	"fmt"
	"strings"
)

func main() {
	for _, w := range strings.Fields("one two three") {
		defer func() { fmt.Print(w, " ") }() // want: safe
		fmt.Print(len(w), " ")
	}
	fmt.Print("| ")
}
