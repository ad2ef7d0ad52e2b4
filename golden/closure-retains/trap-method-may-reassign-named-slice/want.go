package main

import "fmt"

type buffer []byte

func (b *buffer) add(c byte) { *b = append(*b, c) }

func main() {
	var buf buffer
	defer func() { fmt.Println(len(buf)) }()
	buf.add('x')
}
