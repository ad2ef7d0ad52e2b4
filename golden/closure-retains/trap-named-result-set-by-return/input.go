package main

import "fmt"

func build() (out []byte) {
	defer func() { fmt.Println("built", len(out)) }()
	return []byte("abcd")
}

func main() {
	build()
}
