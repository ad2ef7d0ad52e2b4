package main

import "fmt"

func main() {
	names := []string{"ann", "bob", "cy"}
	for k, v := range names {
		defer func() { fmt.Println(k, v) }() // want: safe
	}
}
