package main

import "fmt"

func main() {
	buf := make([]int, 3, 10)
	defer func(n int, c int) { fmt.Println(n, c) }(len(buf), cap(buf))
	buf[0] = 1
}
