package main

import "fmt"

func main() {
	buf := make([]int, 3, 10)
	defer func() { fmt.Println(len(buf), cap(buf)) }()
	buf[0] = 1
}
