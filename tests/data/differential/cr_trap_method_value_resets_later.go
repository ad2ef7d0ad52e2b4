// differential: oracle=same
package main

import "fmt"

type buffer []byte

func (b *buffer) reset() { *b = (*b)[:0] }

// reset := data.reset binds &data: calling it after the defer shortens data.
func process() {
	data := buffer("hello")
	reset := data.reset
	defer func() { fmt.Println("length at exit", len(data)) }() // want: none
	reset()
}

func main() { process() }
