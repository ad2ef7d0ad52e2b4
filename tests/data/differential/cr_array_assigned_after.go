// differential: oracle=same
package main

import "fmt"

func main() {
	var block [16]byte
	defer func() { fmt.Println("block", len(block)) }() // want: safe
	block = [16]byte{1}
	_ = block
}
