package main

import "fmt"

type word string

func (w word) String() string { return string(w) }

func load() []fmt.Stringer { return []fmt.Stringer{word("x"), word("y")} }

func main() {
	for _, item := range load() {
		defer func() { fmt.Println(item) }()
	}
	for _, r := range "ab" {
		defer func() { fmt.Println(string(r)) }()
	}
}
