package main

import "fmt"

type word string

func (w word) String() string { return string(w) }

func load() []fmt.Stringer { return []fmt.Stringer{word("x"), word("y")} }

func main() {
	for _, item := range load() {
		item := item
		defer func() { fmt.Println(item) }()
	}
	for _, r := range "ab" {
		defer func(r rune) { fmt.Println(string(r)) }(r)
	}
}
