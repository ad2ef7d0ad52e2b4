package main

import "fmt"

func main() {
	data := []int{1, 2, 3}
	defer fmt.Println(len(data))
}
