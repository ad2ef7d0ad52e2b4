package main

import "fmt"

func main() {
	var block [4096]byte
	defer func() { fmt.Println("block size", len(block)) }()
	block = [4096]byte{1}
	fmt.Println(block[0])
}
