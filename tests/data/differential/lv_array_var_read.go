package main

import "fmt"

func main() {
	for _, a := range [][2]int{{1, 2}, {3, 4}} {
		defer func() { fmt.Print(a[0]+a[1], " ") }() // want: safe
		fmt.Print(a[1:], " ") // slicing a copy of an element: a itself unchanged
	}
}
