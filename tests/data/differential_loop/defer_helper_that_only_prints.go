package main

import (
	"fmt"
	"strings"
)

func report(what string) {
	fmt.Println("leave", strings.ToUpper(what))
}

func run(names []string) {
	for _, name := range names {
		label := name + "!"
		fmt.Println("enter", label)
		defer report(label) // want: none
	}
}

func main() {
	run([]string{"a", "b"})
}
