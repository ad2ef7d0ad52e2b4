package main

import "fmt"

func main() {
	var block [4096]byte
	defer func(n int) { fmt.Println("block size", n) }(len(block))
	block = [4096]byte{1}
	fmt.Println(block[0])
}
