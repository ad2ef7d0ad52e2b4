package main

import "fmt"

func main() {
	ch := make(chan int, 4)
	defer func() { fmt.Println(len(ch)) }()
	ch <- 1
}
