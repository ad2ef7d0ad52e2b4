package main

import "fmt"

type buffer []byte

func (b *buffer) reset() { *b = (*b)[:0] }

// data's type comes from the conversion buffer(…): a named type whose pointer method can
// shorten it after the defer.
func process() {
	data := buffer("hello")
	defer func() { fmt.Println("length at exit", len(data)) }()
	data.reset()
}

func main() { process() }
