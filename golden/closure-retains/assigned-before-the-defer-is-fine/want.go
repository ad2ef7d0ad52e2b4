package main

import "fmt"

func main() {
	data := []byte("abc")
	data = append(data, 'd')
	defer func(n int) { fmt.Println(n) }(len(data))
}
