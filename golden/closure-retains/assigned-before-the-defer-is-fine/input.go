package main

import "fmt"

func main() {
	data := []byte("abc")
	data = append(data, 'd')
	defer func() { fmt.Println(len(data)) }()
}
