package main

import "fmt"

func main() {
	for _, s := range []string{"a", "b"} {
		defer func() { fmt.Print("first ", s, " ") }() // want: safe
		defer func() { fmt.Print("second ", s, " ") }() // want: safe
		fmt.Print(s, " ")
	}
}
