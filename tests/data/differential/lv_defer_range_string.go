package main

import "fmt"

func main() {
	for i, r := range "héllo" {
		defer func() { fmt.Printf("%d:%c ", i, r) }() // want: safe
	}
}
