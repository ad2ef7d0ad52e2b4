// differential: oracle=same
package main

import "fmt"

func load() (lines []string) {
	defer func() { fmt.Println("loaded", len(lines)) }() // want: none
	return []string{"a", "b"}
}

func main() { load() }
