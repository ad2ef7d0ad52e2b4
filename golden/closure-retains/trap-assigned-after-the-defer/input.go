package main

import "fmt"

func main() {
	data := []byte("abc")
	defer func() { fmt.Println(len(data)) }()
	data = append(data, 'd')
}
